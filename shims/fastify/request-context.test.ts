import { describe, expect, it } from 'vitest';
import { appOf, ask, fastifyOf, lineOf, MAJORS, sitesIn } from './_testing.ts';

const file = /request-context\.test\.ts$/;

function register(app: any) {
  const schema = { querystring: { type: 'object', properties: { q: { type: 'string' } } } };
  app.get('/r', { schema, config: { tag: 'reports' }, logLevel: 'warn' }, async (request: any, reply: any) => {
    const fromRequest = request.context.config.tag;
    const fromReply = reply.context.schema.querystring.properties.q.type;
    return { fromRequest, fromReply, logLevel: request.context.logLevel, handlerIsFn: typeof request.context.handler };
  });
  return app;
}

describe('request-context', () => {
  it('Fastify 5 lost request.context and reply.context (the premise): reading through them fails the request', async () => {
    const answer = await ask(register(appOf(fastifyOf(5), false).app), '/r');
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ message: expect.stringMatching(/reading 'config'/) });
  });

  it.each(MAJORS)('answers as Fastify 4 does natively on %i, and names the sites on 5', async (major) => {
    const native = await ask(register(appOf(fastifyOf(4), false).app), '/r');
    expect(native.body).toEqual({ fromRequest: 'reports', fromReply: 'string', logLevel: 'warn', handlerIsFn: 'function' });
    const { app, warnings } = appOf(fastifyOf(major));
    expect(await ask(register(app), '/r')).toEqual(native);
    const sites = sitesIn(warnings, file);
    expect(sites.slice(0, 2)).toEqual(
      major === 5 ? [`request-context@${lineOf(import.meta.filename, '= request.context.config')}`, `request-context@${lineOf(import.meta.filename, '= reply.context.schema')}`] : [],
    );
  });
});
