/**
 * Property test: generated Express 4 paths × generated URLs, dispatched in process through real Express 4 and
 * Express 5 apps. The original path on 4, its translation on 4 and its translation on 5 must agree on match / no
 * match, on every param value, and (for `use`) on `req.baseUrl` and `req.url`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EQUIVALENCE_RUN, pathCase } from './_arbitraries.ts';
import { createApp, dispatch, routePath, type RouteSetup } from './_dispatch.ts';
import { translatePath, type PathOptions, type Translation } from './translate.ts';

const RUNS = EQUIVALENCE_RUN.numRuns;

/**
 * Router 2 does not loosen the path `'/'` (layer.js `loosen`), so a non-strict `app.get('/')` also matches `//` on
 * Express 5. That is a router difference outside rows 27–36 which no path spelling avoids; it is documented in
 * docs/express/route-path.md and left out here.
 */
function outsideTheRows(path: string, options: PathOptions, url: string): boolean {
  return path === '/' && options.end && !options.strict && url.split('?')[0] === '//';
}

/** The one case a translation names as its caveat: Express 4 mounts a `use()` match that a `.` follows, 5 does not. */
function inCaveat(t: Translation, url: string): boolean {
  if (t.kind !== 'regexp' || !t.caveat) return false;
  const pathname = url.split('?')[0]!;
  const match = new RegExp(t.source, t.flags).exec(pathname);
  return !!match && pathname[match[0].length] === '.';
}

describe('translatePath on real routers', () => {
  it(`keeps ${RUNS} generated paths equivalent on Express 4 and 5`, async () => {
    const kinds: Record<Translation['kind'], number> = { same: 0, paths: 0, regexp: 0, unsupported: 0 };
    let requests = 0;
    let caveats = 0;
    await fc.assert(
      fc.asyncProperty(pathCase, async ({ path, options, viaRouter, urls }) => {
        const t = translatePath(path, options);
        kinds[t.kind]++;
        const translated = routePath(path, t);
        if (!translated) return;
        const setup: RouteSetup = {
          method: options.end ? 'get' : 'use', strict: options.strict, sensitive: options.sensitive, viaRouter,
        };
        const original4 = createApp(4, path, setup);
        const translated4 = createApp(4, translated, setup);
        const translated5 = createApp(5, translated, setup);
        for (const url of urls.filter((u) => !outsideTheRows(path, options, u))) {
          const expected = await dispatch(original4, url);
          expect(await dispatch(translated4, url), `4: ${path} → ${String(translated)} on ${url}`).toEqual(expected);
          if (inCaveat(t, url)) {
            caveats++;
            continue;
          }
          expect(await dispatch(translated5, url), `5: ${path} → ${String(translated)} on ${url}`).toEqual(expected);
          requests += 3;
        }
      }),
      { ...EQUIVALENCE_RUN, endOnFailure: true },
    );
    console.log(`route-path equivalence: ${RUNS} paths, ${requests} dispatches, kinds ${JSON.stringify(kinds)}, ${caveats} URLs in a named caveat`);
    // A translator that gives up on everything would pass the loop above: it must not. (Generated paths pile up
    // wildcards and nested quantifiers far more than real ones, so a share of them is rightly reported as open to
    // backtracking.)
    expect(kinds.unsupported).toBeLessThan(RUNS * 0.2);
    expect(Math.min(kinds.same, kinds.paths, kinds.regexp)).toBeGreaterThan(RUNS * 0.05);
  });
});
