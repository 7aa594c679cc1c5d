import { describe, expect, it } from 'vitest';
import { appOf, ask, describeFeature, failing, MAJORS, NO_ANSWER } from './_testing.ts';
import { forwardRejections } from './async-handler.ts';

const file = /async-handler\.test\.ts$/;

describeFeature({
  name: 'a handler, a middleware and an error handler whose promises reject', id: 'async-handler', file,
  headers: ['content-type'], sites: 3,
  register: (app) => {
    app.get('/users/:id', (_req: any) => failing('database is down'));
    app.use('/admin', (_req: any, _res: any, _next: any) => failing('not signed in'));
    app.get('/report', (_req: any, _res: any, next: any) => next(new Error('first')));
    app.use('/report', (_err: any, _req: any, _res: any, _next: any) => failing('error handler failed too'));
  },
  requests: ['/users/1', '/admin/x', '/report'],
});

describe('async-handler details', () => {
  it.each(MAJORS)('on %i, async functions that throw reach the error handler, sync handlers are untouched', async (major) => {
    const { app } = appOf(major, { features: { 'async-handler': 'on' } });
    app.get('/async', async () => {
      throw Object.assign(new Error('boom'), { status: 503 });
    });
    app.get('/sync', (_req: any, res: any) => res.send('fine'));
    app.get('/no-reason', () => failing());
    app.param('id', async (_req: any, _res: any, _next: any, id: string) => {
      throw new Error(`no user ${id}`);
    });
    app.get('/u/:id', (_req: any, res: any) => res.send('unreachable'));
    app.use((err: any, _req: any, res: any, _next: any) => res.status(err.status ?? 500).send(err.message));
    const replies = await ask(app, ['/async', '/sync', '/no-reason', '/u/9']);
    expect(replies.map((r) => [r.status, r.body])).toEqual([
      [503, 'boom'],
      [200, 'fine'],
      [500, 'Rejected promise'],
      [500, 'no user 9'],
    ]);
  });

  it.each(MAJORS)('on %i, covers routers mounted on the app, filled before or after mounting, nested too', async (major) => {
    const { app, express } = appOf(major, { features: { 'async-handler': 'on' } });
    const before = express.Router();
    before.get('/boom', () => failing('filled before mounting'));
    app.use('/before', before);
    const after = express.Router();
    app.use('/after', after);
    after.get('/boom', () => failing('filled after mounting'));
    const nested = express.Router();
    nested.get('/boom', () => failing('nested'));
    after.use('/nested', nested);
    app.use((err: any, _req: any, res: any, _next: any) => res.status(500).send(err.message));
    const replies = await ask(app, ['/before/boom', '/after/boom', '/after/nested/boom']);
    expect(replies.map((r) => [r.status, r.body])).toEqual([
      [500, 'filled before mounting'],
      [500, 'filled after mounting'],
      [500, 'nested'],
    ]);
  });

  it('keeps fn.length, so Express 4 still tells error middleware from middleware', () => {
    const errorHandler = forwardRejections(async (_e: unknown, _q: unknown, _r: unknown, _n: unknown) => undefined);
    const middleware = forwardRejections(async (_q: unknown, _r: unknown) => undefined);
    expect([errorHandler.length, middleware.length]).toEqual([4, 3]);
  });

  it("with the feature off, Express 4 leaves the request hanging (what the shim fixes)", async () => {
    const { app } = appOf(4, { features: { 'async-handler': 'off' } });
    app.get('/x', () => failing('lost'));
    expect(await ask(app, ['/x'])).toEqual([NO_ANSWER]);
  });
});
