/**
 * The Fastify pack's replay explanations: a difference with the mark of one change is laid at its rule's door (the
 * evidence rows 26 and 27 wait for), and a difference without it at none.
 */
import { describe, expect, it } from 'vitest';
import type { ReplayExchange } from '../../src/authoring.ts';
import { explainReplay } from './_replay.ts';

const answer = (status: number, body = '') => ({ status, headers: {}, body });
const exchange = (request: Partial<ReplayExchange['request']>, old: ReplayExchange['old'], next: ReplayExchange['new']): ReplayExchange => ({
  request: { method: 'GET', url: '/', headers: {}, ...request },
  old,
  new: next,
});

describe('fastify explainReplay', () => {
  it('lays a 404 for a path with `;` at semicolon-delimiter-default', () => {
    const e = exchange({ url: '/items;page=2' }, answer(200, '{"page":"2"}'), answer(404));
    expect(explainReplay({ where: 'status', old: '200', new: '404' }, e)?.ruleId).toBe('semicolon-delimiter-default');
  });

  it('does not for a `;` in the query only, or a 404 on both', () => {
    expect(explainReplay({ where: 'status', old: '200', new: '404' }, exchange({ url: '/items?a=1;b=2' }, answer(200), answer(404)))).toBeUndefined();
    expect(explainReplay({ where: 'body', old: 'a', new: 'b' }, exchange({ url: '/items;x' }, answer(404, 'a'), answer(404, 'b')))).toBeUndefined();
  });

  it('lays a lost request-id at request-id-header-default', () => {
    const e = exchange({ headers: { 'Request-Id': 'gw-7' } }, answer(200, '{"id":"gw-7"}'), answer(200, '{"id":"req-1"}'));
    expect(explainReplay({ where: 'body $.id', old: 'gw-7', new: 'req-1' }, e)?.ruleId).toBe('request-id-header-default');
    expect(explainReplay({ where: 'body $.id', old: 'req-1', new: 'req-2' }, exchange({}, answer(200), answer(200)))).toBeUndefined();
  });

  it('lays a lost port at request-hostname, and an empty JSON body at delete-empty-body', () => {
    const host = exchange({ headers: { host: 'ex.com:8080' } }, answer(200), answer(200));
    expect(explainReplay({ where: 'body $.host', old: 'ex.com:8080', new: 'ex.com' }, host)?.ruleId).toBe('request-hostname');
    const del = exchange({ method: 'DELETE', headers: { 'content-type': 'application/json' } }, answer(200), answer(400, '{"code":"FST_ERR_CTP_EMPTY_JSON_BODY"}'));
    expect(explainReplay({ where: 'status', old: '200', new: '400' }, del)?.ruleId).toBe('delete-empty-body');
  });
});
