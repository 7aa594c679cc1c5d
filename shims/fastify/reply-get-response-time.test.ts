import { describe, expect, it } from 'vitest';
import { appOf, ask, fastifyOf, lineOf, MAJORS, sitesIn } from './_testing.ts';

const file = /reply-get-response-time\.test\.ts$/;

/**
 * A route that waits a little, and an onResponse hook (where apps read the time: Fastify starts the clock only when
 * something will read it) that records it both ways, the removed method and the property; `/last` answers them.
 */
function register(app: any) {
  let last: unknown = null;
  app.addHook('onResponse', async (request: any, reply: any) => {
    if (request.url !== '/t') return;
    const viaMethod = reply.getResponseTime();
    const viaProperty = reply.elapsedTime;
    last = { viaMethod, viaProperty };
  });
  app.get('/t', async () => {
    await new Promise((resolve) => setTimeout(resolve, 15));
    return 'done';
  });
  app.get('/last', async () => last);
  return app;
}

describe('reply-get-response-time', () => {
  it('Fastify 5 lost reply.getResponseTime() (the premise): the hook throws, nothing is recorded', async () => {
    const app = register(appOf(fastifyOf(5), false).app);
    await ask(app, '/t');
    expect((await ask(app, '/last')).body).toBeNull();
  });

  it.each(MAJORS)('answers the elapsed milliseconds through both forms on %i', async (major) => {
    const { app, warnings } = appOf(fastifyOf(major));
    register(app);
    expect((await ask(app, '/t')).body).toBe('done');
    const { body } = await ask(app, '/last');
    const { viaMethod, viaProperty } = body as { viaMethod: number; viaProperty: number };
    expect(viaMethod).toBeGreaterThanOrEqual(14);
    // read one line apart: the same clock, microseconds between them
    expect(viaProperty - viaMethod).toBeGreaterThanOrEqual(0);
    expect(viaProperty - viaMethod).toBeLessThan(5);
    // 4.29 has both natively: the shim acts, and warns, only on 5
    expect(sitesIn(warnings, file)).toEqual(major === 5 ? [`reply-get-response-time@${lineOf(import.meta.filename, '= reply.getResponseTime()')}`] : []);
  });

  it("is absent in mode 'off'", async () => {
    const { app } = appOf(fastifyOf(5), { features: { 'reply-get-response-time': 'off' } });
    register(app);
    await ask(app, '/t');
    expect((await ask(app, '/last')).body).toBeNull();
  });
});
