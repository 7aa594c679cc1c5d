import { describe, expect, it } from 'vitest';
import { straddle } from './straddle.ts';
import { appOf, ask, fastifyOf, lineOf, sitesIn } from './_testing.ts';

const file = /request-route-props\.test\.ts$/;
const at = (text: string) => `request-route-props@${lineOf(import.meta.filename, text)}`;

/** A route reading each removed property on a line of its own, and the same values from routeOptions. */
function register(app: any) {
  const schema = { params: { type: 'object', properties: { id: { type: 'integer' } } } };
  app.get('/u/:id', { schema, config: { tag: 'users' } }, async (request: any) => {
    const path = request.routerPath;
    const method = request.routerMethod;
    const config = request.routeConfig;
    const routeSchema = request.routeSchema;
    return {
      path: path ?? null,
      method: method ?? null,
      tag: config?.tag ?? null,
      sameConfig: config === request.routeOptions.config,
      idType: routeSchema?.params?.properties?.id?.type ?? null,
    };
  });
  return app;
}

describe('request-route-props', () => {
  it('Fastify 5 lost the four properties (the premise)', async () => {
    const { app } = appOf(fastifyOf(5), false);
    expect((await ask(register(app), '/u/7')).body).toEqual({ path: null, method: null, tag: null, sameConfig: false, idType: null });
  });

  it('gives them back on 5 with the values Fastify 4 has natively, and names each site once', async () => {
    const native = await ask(register(appOf(fastifyOf(4), false).app), '/u/7');
    expect(native.body).toEqual({ path: '/u/:id', method: 'GET', tag: 'users', sameConfig: true, idType: 'integer' });
    const { app, warnings } = appOf(fastifyOf(5));
    register(app);
    expect(await ask(app, '/u/7')).toEqual(native);
    await ask(app, '/u/8');
    expect(sitesIn(warnings, file)).toEqual([at('= request.routerPath'), at('= request.routerMethod'), at('= request.routeConfig'), at('= request.routeSchema')]);
    expect(warnings[0]!.text).toMatch(/^\(straddle fastify\/request-route-props\) request\.routerPath, .*\n {2}at .*request-route-props\.test\.ts:\d+:\d+\n {2}Details: .*shim\.md#request-route-props$/);
  });

  it("is silent in mode 'on' and absent in mode 'off'", async () => {
    const on = appOf(fastifyOf(5), { features: { 'request-route-props': 'on' } });
    expect((await ask(register(on.app), '/u/1')).body).toMatchObject({ path: '/u/:id', tag: 'users' });
    expect(on.warnings).toEqual([]);
    const off = appOf(fastifyOf(5), { default: 'on', features: { 'request-route-props': 'off' } });
    expect((await ask(register(off.app), '/u/1')).body).toMatchObject({ path: null, tag: null });
  });

  it('leaves Fastify 4.29 alone: its own properties answer, the shim warns nothing', async () => {
    const { app, warnings } = appOf(fastifyOf(4));
    expect((await ask(register(app), '/u/7')).body).toEqual({ path: '/u/:id', method: 'GET', tag: 'users', sameConfig: true, idType: 'integer' });
    expect(warnings).toEqual([]);
  });

  it('reaches routes of plugin contexts, and a plugin may straddle its own context under a straddled root', async () => {
    const { app, warnings } = appOf(fastifyOf(5));
    app.register(async (child: any) => {
      register(child);
    }, { prefix: '/p' });
    app.register(async (child: any) => {
      straddle(child, { report: false, onWarning: () => undefined });
      child.get('/q', async (request: any) => ({ path: request.routerPath }));
    });
    expect((await ask(app, '/p/u/3')).body).toMatchObject({ path: '/p/u/:id', tag: 'users' });
    expect((await ask(app, '/q')).body).toEqual({ path: '/q' });
    expect(sitesIn(warnings, file)).toContain(at('= request.routerPath'));
  });

  it('hands back anything that is not a Fastify instance unchanged', () => {
    const mock = { get() {}, decorateRequest: 1 };
    expect(straddle(mock)).toBe(mock);
    expect(Object.getOwnPropertySymbols(mock)).toEqual([]);
  });
});
