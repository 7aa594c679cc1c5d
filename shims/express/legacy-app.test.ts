import { describe, expect, it } from 'vitest';
import { appOf, ask, describeFeature } from './_testing.ts';

const file = /legacy-app\.test\.ts$/;

describeFeature({
  name: 'app.del(path, handler)', id: 'app-del', file, headers: ['content-type'],
  register: (app) => app.del('/sessions/:sid', (req: any, res: any) => res.json({ ended: req.params.sid })),
  requests: [{ path: '/sessions/abc', method: 'DELETE' }],
});

describeFeature({
  name: "app.param(':id', fn)", id: 'app-param-colon', file, headers: ['content-type'],
  register: (app) => {
    app.param(':user', (req: any, _res: any, next: any, name: string) => {
      req.user = { name: name.toUpperCase() };
      next();
    });
    app.get('/profile/:user', (req: any, res: any) => res.json({ user: req.user ?? null }));
  },
  requests: ['/profile/ada'],
});

// The classic Express 4 mapper: app.param(name, RegExp) validates the parameter.
const numericIds = (name: string, check: unknown) => {
  if (!(check instanceof RegExp)) return undefined;
  return (_req: any, _res: any, next: any, value: string) => (check.test(value) ? next() : next('route'));
};

describeFeature({
  name: 'app.param(fn) mapping app.param(name, RegExp)', id: 'app-param-fn', file, headers: ['content-type'],
  offThrows: /app\.param\(fn\): removed in Express 5, and straddle's express\/app-param-fn is off here\. Set features\['app-param-fn'\]/,
  register: (app) => {
    app.param(numericIds);
    app.param('id', /^\d+$/);
    app.get('/orders/:id', (req: any, res: any) => res.json({ order: Number(req.params.id) }));
    app.get('/orders/:id', (_req: any, res: any) => res.status(400).json({ error: 'id must be a number' }));
  },
  requests: ['/orders/12', '/orders/twelve'],
});

describe('app-param-fn where it cannot work', () => {
  it('a router not passed to straddle() keeps Express 5 behaviour: param(fn) throws', () => {
    const { express } = appOf(5);
    expect(() => express.Router().param(numericIds as any)).toThrow('argument name must be a string');
  });

  it('a straddled router keeps its own mappers, as Express 4 routers did', async () => {
    const { app, express } = appOf(5, { features: { 'app-param-fn': 'on' } });
    const { straddle } = await import('./straddle.ts');
    const api = straddle(express.Router(), { features: { 'app-param-fn': 'on' } });
    api.param(numericIds as any);
    api.param('n', /^\d+$/ as any);
    api.get('/sq/:n', (req: any, res: any) => res.json(Number(req.params.n) ** 2));
    api.use((_req: any, res: any) => res.status(400).end());
    app.use('/api', api);
    const replies = await ask(app, ['/api/sq/9', '/api/sq/x']);
    expect(replies.map((r) => [r.status, r.body])).toEqual([[200, '81'], [400, '']]);
  });
});
