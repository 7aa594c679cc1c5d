import { describe, expect, it } from 'vitest';
import { appOf, ask, expressOf, failing, MAJORS, NO_ANSWER } from './_testing.ts';
import { straddle } from './straddle.ts';

describe('straddle() patches only what it is given', () => {
  it.each(MAJORS)('on %i, express.response and other apps keep their own behaviour', async (major) => {
    const express = expressOf(major);
    const { send } = express.response as any;
    const shimmed = straddle(express(), { default: 'on', onWarning: () => undefined });
    const plain = express();
    for (const app of [shimmed, plain]) app.get('/', (_req: any, res: any) => res.send(404));
    const [[a], [b]] = await Promise.all([ask(shimmed, ['/']), ask(plain, ['/'])]);
    expect((express.response as any).send).toBe(send);
    expect(a.status).toBe(404);
    expect(b.status).toBe(major === 4 ? 404 : 200);
  });

  it.each(MAJORS)('on %i, settings made after straddle() still shape the router', async (major) => {
    const { app } = appOf(major, { default: 'on' });
    app.set('strict routing', true);
    app.get('/dir/', (_req: any, res: any) => res.send('slash'));
    const replies = await ask(app, ['/dir/', '/dir']);
    expect(replies.map((r) => r.status)).toEqual([200, 404]);
  });
});

describe('per-router modes', () => {
  it('a router turns promise forwarding on for its own routes of an Express 4 app', async () => {
    const { app, express } = appOf(4, { features: { 'async-handler': 'off' } });
    const api = straddle(express.Router(), { features: { 'async-handler': 'on' } });
    api.get('/x', () => failing('inside'));
    app.use('/api', api);
    app.get('/x', () => failing('outside'));
    app.use((err: any, _req: any, res: any, _next: any) => res.status(500).send(err.message));
    const [inside, outside] = await ask(app, ['/api/x', '/x']);
    expect(inside.body).toBe('inside');
    expect(outside).toEqual(NO_ANSWER);
  });

  it("a router's request modes end when the request leaves it", async () => {
    const { app, express, warnings } = appOf(5, { features: { 'res-send-status': 'warn' } });
    const quiet = straddle(express.Router(), { features: { 'res-send-status': 'on' } });
    quiet.use((_req: any, _res: any, next: any) => next());
    app.use(quiet);
    app.get('/', (_req: any, res: any) => res.send(410));
    const [reply] = await ask(app, ['/']);
    expect([reply.status, warnings.map((w) => w.id)]).toEqual([410, ['express/res-send-status']]);
  });
});
