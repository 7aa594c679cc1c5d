import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { layerKeys, layerRegexp, listRoutes, type ListedRoute } from './list-routes.ts';

const require = createRequire(import.meta.url);
const majors = { 4: require('express4'), 5: require('express5') } as const;
const URLS = ['/health', '/users/7', '/users/7/', '/users/a%20b', '/api/v2/orders/12/items/3', '/api/v2/orders/12', '/files/x/y.txt', '/a', '/b', '/admin/stats', '/nope'];

/** The same registrations on either major: strings with params, a RegExp route, arrays, nested mounts with params. */
function shop(express: any) {
  const app = express();
  app.use(express.json());
  app.get('/health', (req: any, res: any) => res.end());
  app.route('/users/:id').get((req: any, res: any) => res.end()).put((req: any, res: any) => res.end());
  app.all(/^\/files\/(?<dir>[^/]+)\/(.+)$/, (req: any, res: any) => res.end());
  app.get(['/a', '/b'], (req: any, res: any) => res.end());
  const items = express.Router({ mergeParams: true });
  items.get('/items/:item', (req: any, res: any) => res.end());
  const orders = express.Router();
  orders.get('/orders/:order', (req: any, res: any) => res.end());
  orders.use('/orders/:order', items);
  app.use('/api/v2', orders);
  const admin = express.Router();
  admin.post('/stats', (req: any, res: any) => res.end());
  app.use('/admin', admin);
  return app;
}

function view(routes: ListedRoute[]) {
  return routes.map((r) => ({ ...r, match: Object.fromEntries(URLS.map((u) => [u, r.match(u)])) }));
}

describe('listRoutes on real Express 4 and 5', () => {
  const on4 = view(listRoutes(shop(majors[4])));
  const on5 = view(listRoutes(shop(majors[5])));

  it('lists the same routes, keys and matches on both majors', () => {
    expect(on5).toEqual(on4);
  });

  it('gives full paths, methods and parameter names', () => {
    expect(on4.map(({ path, mountpath, methods, keys }) => ({ path, mountpath, methods, keys }))).toEqual([
      { path: '/health', mountpath: '', methods: ['GET'], keys: [] },
      { path: '/users/:id', mountpath: '', methods: ['GET', 'PUT'], keys: ['id'] },
      { path: /^\/files\/(?<dir>[^/]+)\/(.+)$/, mountpath: '', methods: expect.arrayContaining(['GET', 'POST', 'DELETE']), keys: ['dir', 0] },
      { path: ['/a', '/b'], mountpath: '', methods: ['GET'], keys: [] },
      { path: '/api/v2/orders/:order', mountpath: '/api/v2', methods: ['GET'], keys: ['order'] },
      { path: '/api/v2/orders/:order/items/:item', mountpath: '/api/v2/orders/:order', methods: ['GET'], keys: ['order', 'item'] },
      { path: '/admin/stats', mountpath: '/admin', methods: ['POST'], keys: [] },
    ]);
  });

  it('matches through mounts, with decoded parameters', () => {
    const match = (path: string, url: string) => on4.find((r) => String(r.path) === path)!.match[url];
    expect(match('/users/:id', '/users/a%20b')).toEqual({ id: 'a b' });
    expect(match('/users/:id', '/users/7/')).toEqual({ id: '7' });
    expect(match('/users/:id', '/health')).toBeNull();
    expect(match('/api/v2/orders/:order/items/:item', '/api/v2/orders/12/items/3')).toEqual({ order: '12', item: '3' });
    expect(match('/api/v2/orders/:order/items/:item', '/api/v2/orders/12')).toBeNull();
    expect(match(String(/^\/files\/(?<dir>[^/]+)\/(.+)$/), '/files/x/y.txt')).toEqual({ dir: 'x', 0: 'y.txt' });
  });

  it('leaves the layers as the router left them (Express 4 keeps match state on them)', () => {
    const app = shop(majors[4]);
    const layer = app._router.stack.find((l: any) => l.route?.path === '/users/:id');
    listRoutes(app)[1]!.match('/users/9');
    expect([layer.params, layer.path]).toEqual([undefined, undefined]);
  });

  it('lists nothing for an app with no routes yet, without creating its router', () => {
    const app = majors[4]();
    expect(listRoutes(app)).toEqual([]);
    expect(app._router).toBeUndefined();
    expect(listRoutes(majors[5]())).toEqual([]);
  });
});

describe('layerRegexp and layerKeys on real Express 4 and 5', () => {
  /** Every layer of an app, depth first: mounts, routes, a route's method layers, a mounted router's layers. */
  function layers(express: any, build: (app: any) => void) {
    const app = express();
    build(app);
    const stack = (app._router ?? app.router).stack as any[];
    const all: any[] = [];
    const walk = (list: any[]) => {
      for (const layer of list) {
        // Express 4 adds `query` and `expressInit` to every app: not registrations of the app's own
        if (layer.name === 'query' || layer.name === 'expressInit') continue;
        all.push(layer);
        if (layer.route) all.push(...layer.route.stack);
        if (Array.isArray(layer.handle?.stack)) walk(layer.handle.stack);
      }
    };
    walk(stack);
    return all.map((layer) => {
      const regexp = layerRegexp(layer)!;
      return { source: regexp.source, flags: regexp.flags, fast_slash: regexp.fast_slash, keys: layerKeys(layer) };
    });
  }

  it('answer on Express 5 what Express 4 compiles, for mounts, routes, parameters, arrays and RegExps', () => {

    const build = (express: any) => (app: any) => {
      app.use((req: any, res: any, next: any) => next());
      app.use('/static', (req: any, res: any, next: any) => next());
      app.get('/users/:id/posts/:post', (req: any, res: any) => res.end());
      app.get('/from-:from-to-:to', (req: any, res: any) => res.end());
      app.get('/file.json', (req: any, res: any) => res.end());
      app.get(['/a/:x', /^\/b\/(\d+)$/], (req: any, res: any) => res.end());
      const inner = express.Router();
      inner.route('/items/:item').get((req: any, res: any) => res.end()).all((req: any, res: any) => res.end());
      const outer = express.Router();
      outer.use('/orders/:order', inner);
      app.use('/api', outer);
    };
    const on4 = layers(majors[4], build(majors[4]));
    expect(on4.length).toBeGreaterThan(10);
    expect(layers(majors[5], build(majors[5]))).toEqual(on4);

  });

  it('read a mount path the way Express 4 code does, the same on both majors', () => {
    const mounts = (express: any) => {
      const app = express();
      app.use('/admin', express.Router());
      app.use('/v1/:tenant', express.Router());
      const stack = (app._router ?? app.router).stack.filter((l: any) => l.name === 'router');
      return stack.map((l: any) => [layerRegexp(l)!.source.replace('^\\', '').replace('\\/?(?=\\/|$)', ''), layerKeys(l)!.map((k) => k.name)]);
    };
    expect(mounts(majors[4])).toEqual([
      ['/admin', []],
      ['/v1(?:\\/([^/]+?))', ['tenant']],
    ]);
    expect(mounts(majors[5])).toEqual(mounts(majors[4]));
  });

  it('answer anything that is not an Express 5 layer with its own regexp and keys', () => {
    const own = { regexp: /x/, keys: [{ name: 'a', optional: false, offset: 0 }] };
    expect(layerRegexp(own)).toBe(own.regexp);
    expect(layerKeys(own)).toBe(own.keys);
    expect(layerRegexp({})).toBeUndefined();
    expect(layerRegexp(undefined as any)).toBeUndefined();
  });
});
