import { describe, expect, it } from 'vitest';
import { appOf, ask, fastifyOf, lineOf, MAJORS, sitesIn } from './_testing.ts';

const file = /route-version\.test\.ts$/;

function register(app: any) {
  app.get('/v', { version: '1.2.0' }, async () => 'v1');
  return app;
}

const requests = ['/v', { url: '/v', headers: { 'accept-version': '1.x' } }, { url: '/v', headers: { 'accept-version': '2.x' } }];

async function statuses(app: any) {
  const out: number[] = [];
  for (const request of requests) out.push((await ask(app, request)).status);
  return out;
}

describe('route-version', () => {
  it('Fastify 5 ignores the option (the premise): the route answers every Accept-Version', async () => {
    expect(await statuses(register(appOf(fastifyOf(5), false).app))).toEqual([200, 200, 200]);
  });

  it.each(MAJORS)('versions the route on %i as Fastify 4 does natively', async (major) => {
    const native = await statuses(register(appOf(fastifyOf(4), false).app));
    expect(native).toEqual([404, 200, 404]);
    const { app, warnings } = appOf(fastifyOf(major));
    expect(await statuses(register(app))).toEqual(native);
    expect(sitesIn(warnings, file)).toEqual(major === 5 ? [`route-version@${lineOf(import.meta.filename, "{ version: '1.2.0' }")}`] : []);
  });

  it('leaves an explicit constraints.version in charge', async () => {
    const { app } = appOf(fastifyOf(5), { default: 'on' });
    app.get('/w', { version: '1.0.0', constraints: { version: '2.0.0' } }, async () => 'w');
    expect((await ask(app, { url: '/w', headers: { 'accept-version': '2.x' } })).status).toBe(200);
    expect((await ask(app, { url: '/w', headers: { 'accept-version': '1.x' } })).status).toBe(404);
  });
});
