import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appOf, ask, describeFeature, MAJORS } from './_testing.ts';
import { routePath } from './route-path.ts';

const file = /route-path\.test\.ts$/;
const params = (req: any, res: any) => res.json({ params: { ...req.params } });

// Paths built at run time, out of the codemod's reach: what a plugin or a config-driven router registers.
const prefix = ['', 'files'].join('/');
describeFeature({
  name: 'a wildcard path built at run time', id: 'route-path', file, headers: ['content-type'],
  register: (app) => app.get(`${prefix}/*`, params),
  requests: ['/files/a/b.txt', '/files/', '/other'],
});

const optional = ['/u', ':id?'].join('/');
describeFeature({
  name: 'an optional parameter and an inline regex, both from config', id: 'route-path', file,
  headers: ['content-type'], sites: 2,
  register: (app) => {
    app.get(optional, params);
    app.use(`/v/:n(\\d+)`, params);
  },
  requests: ['/u/7', '/u', '/v/12/x', '/v/abc'],
});

describe('routePath()', () => {
  it('keeps a path that means the same, expands optionals, and builds a RegExp for the rest', () => {
    expect(routePath('/users/:id')).toBe('/users/:id');
    expect(routePath('/u/:id?')).toEqual(['/u/:id', '/u']);
    expect(routePath('/files/*')).toBeInstanceOf(RegExp);
  });

  it('honours use() matching: a prefix, not the whole path', () => {
    const verb = routePath('/docs/*') as RegExp;
    const mount = routePath('/docs/*', { end: false }) as RegExp;
    expect([verb.test('/docs/a/b'), mount.test('/docs/a/b')]).toEqual([true, true]);
    expect(verb.source).not.toBe(mount.source);
  });

  it.each(MAJORS)('gives the same params on %i as the original path on plain Express 4', async (major) => {
    const plain = appOf(4, null).app;
    const { app } = appOf(major, { default: 'off' });
    for (const a of [plain, app]) a.get(a === plain ? '/dl/:name.:ext?' : routePath('/dl/:name.:ext?'), params);
    const urls = ['/dl/report.pdf', '/dl/report'];
    expect((await ask(app, urls)).map((r) => r.body)).toEqual((await ask(plain, urls)).map((r) => r.body));
  });
});

describe('a path with no dual form', () => {
  // two wildcards: Express 4's RegExp for it backtracks quadratically, so the translator refuses it
  const twoStars = ['/feeds', '*', 'then', '*'].join('/');

  it('is rejected on Express 5 with the path and the reason, not only path-to-regexp\'s complaint', () => {
    const { app } = appOf(5);
    expect(() => app.get(twoStars, params)).toThrow(
      /^straddle express\/route-path: no form means the same on Express 4 and 5 for "\/feeds\/\*\/then\/\*": .*ReDoS.*\. Express 5 says: Missing parameter name/,
    );
    expect(() => app.use(twoStars, params)).toThrow(/for "\/feeds\/\*\/then\/\*"/);
  });

  it("is registered on Express 4 as before, and Express 5's own error stays when the feature is off", () => {
    expect(() => appOf(4).app.get(twoStars, params)).not.toThrow();
    expect(() => appOf(5, { features: { 'route-path': 'off' } }).app.get(twoStars, params)).toThrow(/^Missing parameter name/);
  });
});

describe('the translator is shared with the codemod', () => {
  it('is imported from lib/express-paths/translate.ts, not copied', () => {
    expect(existsSync(new URL('../../lib/express-paths/translate.ts', import.meta.url))).toBe(true);
  });
});
