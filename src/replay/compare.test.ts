import { describe, expect, it } from 'vitest';
import { compareResponses, type ReplayResponse } from './compare.ts';

const answer = (status: number, body: string, headers: Record<string, string> = {}): ReplayResponse => ({ status, headers, body });

describe('compareResponses', () => {
  it('the same answer, clock headers apart, has no difference', () => {
    expect(compareResponses(answer(200, '{"a":1}', { date: 'Mon', etag: 'x' }), answer(200, '{"a":1}', { date: 'Tue', etag: 'y' }))).toEqual([]);
  });

  it('names the status, the headers a client acts on, and each JSON leaf that differs', () => {
    const old = answer(201, '{"user":{"id":7,"tags":["a","b"]},"at":"x"}', { location: '/u/7', 'content-type': 'application/json' });
    const next = answer(200, '{"user":{"id":"7","tags":["a"]},"extra":true,"at":"x"}', { 'content-type': 'application/json' });
    expect(compareResponses(old, next)).toEqual([
      { where: 'status', old: '201', new: '200' },
      { where: 'header location', old: '/u/7', new: '' },
      { where: 'body $.extra', old: '(absent)', new: 'true' },
      { where: 'body $.user.id', old: '7', new: '"7"' },
      { where: 'body $.user.tags.length', old: '2', new: '1' },
    ]);
  });

  it('reads text line by line, a few lines at most, and JSON against text as one body', () => {
    const old = answer(200, 'a\nb\nc\nd\ne');
    expect(compareResponses(old, answer(200, 'a\nB\nC\nD\nE')).map((d) => d.where)).toEqual(['body line 2', 'body line 3', 'body line 4']);
    expect(compareResponses(answer(200, '{"ok":true}'), answer(200, 'OK'))).toEqual([{ where: 'body', old: '{"ok":true}', new: 'OK' }]);
  });
});
