/**
 * app-router-internals beyond its fixture pairs: why `layer.path` / `layer.params` need the helper, and where it stops.
 * On real Express 4 and 5, over HTTP and on the layers themselves: Express 4's `layer.match(path)` returns true and
 * leaves the match on the layer, where a stack walker reads it after the router matched the request; Express 5's
 * router returns the match and leaves nothing, so the fixture's walker loses the mount path and its redirect.
 * `layerPath` / `layerParams` answer Express 4's value on both for a path without parameters, and nothing on 5 with.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerParams, layerPath } from '../../shims/express/list-routes.ts';
import { answers, loadApp } from './_testing/behaviour.ts';

const FILE = path.resolve(import.meta.dirname, '../../fixtures/express/app-router-internals/match-state.input.js');
// `app._router` as app-router-access leaves it, so that only the match state differs between the majors
const source = readFileSync(FILE, 'utf8').replaceAll('app._router.stack', '(app._router || app.router).stack');
type Layer = { path?: string; params?: unknown; match(path: string): unknown; handle: { stack?: unknown } };
type Routed = { _router?: { stack: Layer[] }; router: { stack: Layer[] } };
const mounted = (app: unknown) => ((app as Routed)._router ?? (app as Routed).router).stack.filter((layer) => layer.handle.stack);

describe('app-router-internals: a layer keeps its last match on Express 4 only', () => {
  it('Express 4 leaves the match on the layer; Express 5 returns it and leaves the layer as it was', async () => {
    const seen: Record<number, unknown[]> = {};
    for (const major of [4, 5] as const) {
      const app = loadApp(source, FILE, major);
      await answers(app, { requests: [{ path: '/docs/intro/' }] });
      const layer = mounted(app)[0]!;
      seen[major] = [layer.path, layer.match('/docs/intro'), layer.path];
    }
    expect(seen[4]).toEqual(['/docs', true, '/docs']);
    expect(seen[5]).toEqual([undefined, expect.objectContaining({ path: '/docs', params: {} }), undefined]);
  });

  it("so the fixture's walker redirects on Express 4 and not on Express 5", async () => {
    const on = async (major: 4 | 5) => (await answers(loadApp(source, FILE, major), { requests: [{ path: '/docs/intro/' }] }))[0]!;
    expect(await on(4)).toMatchObject({ status: 301, headers: { location: '/docs/intro' } });
    expect((await on(5)).status).toBe(404);
  });

  it('layerPath / layerParams: Express 4\'s match state on both for a plain mount path; on 5 none for one with parameters', async () => {
    const seen: Record<number, unknown[]> = {};
    for (const major of [4, 5] as const) {
      const app = loadApp(
        `const express = require('express'); const app = express(); const shop = express.Router({ mergeParams: true });
         shop.get('/cart', (req, res) => res.send(req.params.shop)); app.use('/docs/', express.Router()); app.use('/shops/:shop', shop);
         module.exports = app;`,
        FILE,
        major,
      );
      const [docs, shops] = mounted(app);
      // each read right after a request the layer matched: Express 4 clears a layer's state when it fails to match
      const after = async (requestPath: string, layer: Layer) => {
        await answers(app, { requests: [{ path: requestPath }] });
        return [layerPath(layer), layerParams(layer)];
      };
      seen[major] = [...(await after('/docs/intro', docs!)), ...(await after('/shops/7/cart', shops!))];
    }
    expect(seen[4]).toEqual(['/docs', {}, '/shops/7', { shop: '7' }]);
    expect(seen[5]).toEqual(['/docs', {}, undefined, undefined]);
  });
});
