/**
 * A fixed table of paths as real Express 4 apps write them: the exact translation, the spec rows, and the
 * behaviour of original-on-4 / translation-on-4 / translation-on-5 on chosen URLs through the real routers.
 */
import { describe, expect, it } from 'vitest';
import { createApp, dispatch, routePath, type RouteSetup } from './_dispatch.ts';
import { TABLE, type TableRow as Row } from './_table.ts';
import { classifyPath, DEFAULT_ROUTE_OPTIONS, toExpress5Path, translatePath, type PathOptions } from './translate.ts';

const optionsOf = (row: Row): PathOptions => ({ ...DEFAULT_ROUTE_OPTIONS, ...row.options });
const setupOf = (o: PathOptions): RouteSetup => ({ method: o.end ? 'get' : 'use', strict: o.strict, sensitive: o.sensitive });

describe('translatePath on a table of real-world paths', () => {
  for (const row of TABLE) {
    const options = optionsOf(row);
    describe(`${row.path} ${JSON.stringify(row.options ?? {})}`, () => {
      const translation = translatePath(row.path, options);
      it('translates to the expected form and rows', () => {
        expect(translation).toEqual(row.expected);
        expect(classifyPath(row.path)).toEqual(row.rows);
      });
      it('is rejected by Express 5 exactly when rows 27 or 29–32 (or a name Express 5 refuses) apply', () => {
        const rejected = (() => {
          try {
            createApp(5, row.path, setupOf(options));
            return false;
          } catch {
            return true;
          }
        })();
        const throwingRows = row.rows.some((r) => r === 27 || (r >= 29 && r <= 32)) || row.path.includes(':1st');
        expect(rejected).toBe(throwingRows);
      });
      const translated = routePath(row.path, translation);
      if (!translated) return;
      it('matches the same URLs with the same params on Express 4 and 5', async () => {
        const original4 = createApp(4, row.path, setupOf(options));
        const on4 = createApp(4, translated, setupOf(options));
        const on5 = createApp(5, translated, setupOf(options));
        for (const url of row.urls) {
          const expected = await dispatch(original4, url);
          expect(await dispatch(on4, url), `4 ${url}`).toEqual(expected);
          expect(await dispatch(on5, url), `5 ${url}`).toEqual(expected);
        }
      });
    });
  }
});

describe('toExpress5Path (--target 5)', () => {
  it.each([
    ['*', '/{*splat}', ['splat']],
    ['/static/*', '/static/{*splat}', ['splat']],
    ['/docs/:page?', '/docs{/:page}', []],
    ['/:file.:ext?', '/:file{.:ext}', []],
    ['/a!b', '/a\\!b', []],
    ['/users/:id', '/users/:id', []],
  ])('%s → %s', (path, expected, positional) => {
    expect(toExpress5Path(path)).toEqual({ path: expected, positional });
  });

  it('has no string form for inline regular expressions or param modifiers', () => {
    expect(toExpress5Path('/orders/:id(\\d+)')).toBeUndefined();
    expect(toExpress5Path('/ab*cd')).toBeUndefined();
    expect(toExpress5Path('/assets/:path+')).toBeUndefined();
  });

  it('writes paths that Express 5 accepts and that match what Express 4 matched on ordinary URLs', async () => {
    const setup = setupOf(DEFAULT_ROUTE_OPTIONS);
    const cases: Array<[string, string]> = [['/static/*', '/static/a/b'], ['/docs/:page?', '/docs'], ['/docs/:page?', '/docs/x'], ['*', '/']];
    for (const [path, url] of cases) {
      const next = toExpress5Path(path)!;
      const on5 = await dispatch(createApp(5, next.path, setup), url);
      expect(on5.matched, `${next.path} on ${url}`).toBe(true);
      expect((await dispatch(createApp(4, path, setup), url)).matched).toBe(true);
    }
  });
});
