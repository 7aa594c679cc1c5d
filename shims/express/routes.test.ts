import { describe, expect, it } from 'vitest';
import { appOf, ask, MAJORS } from './_testing.ts';
import { expressMajor } from './major.ts';
import { listRoutes, routeStack, routerOf } from './routes.ts';

function build(app: any, express: any) {
  const api = express.Router();
  api.get('/items', (_q: any, r: any) => r.end());
  api.all('/any', (_q: any, r: any) => r.end());
  api.route('/items/:id').get((_q: any, r: any) => r.end()).put((_q: any, r: any) => r.end());
  app.use(express.json());
  app.get('/', (_q: any, r: any) => r.end());
  app.post(['/login', '/signin'], (_q: any, r: any) => r.end());
  app.all('/health', (_q: any, r: any) => r.end());
  app.use('/api', api);
  return api;
}

describe('expressMajor()', () => {
  it.each(MAJORS)('reads %i from the app, a router, req and res, also after straddle() added old APIs', async (major) => {
    const { app, express } = appOf(major, { features: { 'app-del': 'on' } });
    const seen: unknown[] = [];
    app.get('/', (req: any, res: any) => {
      seen.push(expressMajor(req), expressMajor(res));
      res.end();
    });
    await ask(app, ['/']);
    expect([expressMajor(app), expressMajor(express.Router()), ...seen]).toEqual([major, major, major, major]);
    expect([expressMajor({}), expressMajor(null), expressMajor(() => undefined)]).toEqual([undefined, undefined, undefined]);
  });
});

describe('listRoutes() and routeStack()', () => {
  it('list the same routes on Express 4 and 5', () => {
    const [four, five] = MAJORS.map((major) => {
      const { app, express } = appOf(major, { default: 'off' });
      build(app, express);
      return listRoutes(app).map((r) => ({ ...r, router: r.router ? listRoutes(r.router) : undefined }));
    });
    expect(four).toEqual(five);
    expect(four.map((r) => r.path)).toEqual(['/', '/login', '/signin', '/health', '/api']);
    expect(four[0].methods).toEqual(['GET', 'HEAD']);
    // app.all() registers every method one by one, router.all() once
    expect(four[3].methods).toEqual(expect.arrayContaining(['GET', 'POST', 'DELETE', 'PATCH']));
    expect(four[4].router?.map((r: any) => [r.path, r.methods])).toEqual([
      ['/items', ['GET', 'HEAD']],
      ['/any', ['*']],
      ['/items/:id', ['GET', 'PUT', 'HEAD']],
    ]);
  });

  it.each(MAJORS)('on %i, routeStack() gives the live layers, and does not create an Express 4 router early', (major) => {
    const { app, express } = appOf(major, { default: 'off' });
    if (major === 4) {
      expect(routeStack(app)).toEqual([]);
      expect(app._router).toBeUndefined();
    }
    build(app, express);
    expect(routeStack(app)).toBe(routerOf(app)?.stack);
    expect(routeStack(app).filter((l: any) => l.route).map((l: any) => l.route.path)).toEqual(['/', ['/login', '/signin'], '/health']);
  });
});

describe('app-router-internals: app._router on Express 5', () => {
  it("reads as app.router and warns once in 'warn' mode", () => {
    const { app, warnings } = appOf(5, { default: 'off', features: { 'app-router-internals': 'warn' } });
    app.get('/a', (_q: any, r: any) => r.end());
    const stacks = [1, 2].map(() => app._router.stack);
    expect(stacks).toEqual([app.router.stack, app.router.stack]);
    expect(warnings.map((w) => [w.id, w.site?.file.endsWith('routes.test.ts')])).toEqual([['express/app-router-internals', true]]);
  });

  it("is absent with the feature off, as in plain Express 5", () => {
    const { app } = appOf(5, { default: 'off' });
    expect(app._router).toBeUndefined();
  });
});
