import { describe, expect, it } from 'vitest';
import { expandShorthand, isShorthand } from './json-shorthand.ts';
import { appOf, ask, fastifyOf, lineOf, MAJORS, sitesIn } from './_testing.ts';

const file = /json-shorthand\.test\.ts$/;

/** Shorthand maps for the querystring and a response: how Fastify 4 apps often wrote them. */
function register(app: any) {
  app.get(
    '/users',
    {
      schema: {
        querystring: { page: { type: 'integer' } },
        response: { 200: { name: { type: 'string' }, page: { type: 'integer' } } },
      },
    },
    async (request: any) => ({ name: 'ada', page: request.query.page, passwordHash: 'x1', pageType: typeof request.query.page }),
  );
  return app;
}

describe('json-shorthand', () => {
  it('Fastify 5 refuses a querystring shorthand at ready and sends every field of a response shorthand (the premise)', async () => {
    await expect(register(appOf(fastifyOf(5), false).app).ready()).rejects.toMatchObject({ code: 'FST_ERR_SCH_VALIDATION_BUILD' });
    const app = appOf(fastifyOf(5), false).app;
    app.get('/r', { schema: { response: { 200: { name: { type: 'string' } } } } }, async () => ({ name: 'ada', passwordHash: 'x1' }));
    expect((await ask(app, '/r')).body).toEqual({ name: 'ada', passwordHash: 'x1' });
  });

  it.each(MAJORS)('gives Fastify 4 reading on %i: the query coerced, the response filtered, the route named once', async (major) => {
    const native = await ask(register(appOf(fastifyOf(4), false).app), '/users?page=2');
    expect(native).toEqual({ status: 200, body: { name: 'ada', page: 2 } });
    const { app, warnings } = appOf(fastifyOf(major));
    register(app);
    expect(await ask(app, '/users?page=2')).toEqual(native);
    expect((await ask(app, '/users?page=x')).status).toBe(400);
    // the warning names the line that registered the route (4 too: a run on 4 finds what 5 will refuse)
    expect(sitesIn(warnings, file)).toEqual([`json-shorthand@${lineOf(import.meta.filename, '  app.get(')}`]);
  });

  it("changes nothing in mode 'off'", async () => {
    const { app } = appOf(fastifyOf(5), { features: { 'json-shorthand': 'off' } });
    await expect(register(app).ready()).rejects.toMatchObject({ code: 'FST_ERR_SCH_VALIDATION_BUILD' });
  });
});

describe('expandShorthand', () => {
  it('wraps the parts Fastify 4 wrapped, and leaves full schemas, references and combinators alone', () => {
    const ref = { $ref: 'user#' };
    const full = { type: 'object', properties: { a: { type: 'string' } } };
    const schema = {
      params: { id: { type: 'integer' } },
      body: { content: { 'application/json': { schema: { name: { type: 'string' } } } } },
      headers: full,
      query: ref,
      response: { 200: { anyOf: [full] }, '4xx': { message: { type: 'string' } } },
    };
    const before = structuredClone(schema);
    expect(expandShorthand(schema)).toEqual({
      params: { type: 'object', properties: { id: { type: 'integer' } } },
      body: { content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } } },
      headers: full,
      query: ref,
      response: { 200: { anyOf: [full] }, '4xx': { type: 'object', properties: { message: { type: 'string' } } } },
    });
    expect(schema).toEqual(before);
  });

  it('hands back the same object when nothing is shorthand, and skips schema builders', () => {
    const schema = { body: { type: 'object' }, response: { 200: { type: 'string' } } };
    expect(expandShorthand(schema)).toBe(schema);
    class Built {
      name = { type: 'string' };
    }
    expect(isShorthand(new Built())).toBe(false);
    expect(isShorthand({ isFluentSchema: true })).toBe(false);
    expect(isShorthand({ name: { type: 'string' } })).toBe(true);
  });
});
