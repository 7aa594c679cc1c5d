/**
 * The Fastify side of the generated corpus (bench/_corpus.ts places the files): what a Fastify 4 service's own files
 * look like, written here, never copied from a project. A server that builds the app, route plugins with JSON
 * schemas and typed handlers, fastify-plugin plugins with decorators and hooks. `legacy` is how often a line takes a
 * form Fastify 5 breaks (a bare property map as a schema, `reply.redirect(code, url)`, variadic `listen`,
 * `reply.getResponseTime()`, `request.routerPath`, `reply.sent = true`, `request.connection`, the `logger` instance
 * option), so every generated framework file has sites in a dense corpus and a few do in a typical one. Every
 * fastify-plugin plugin declares `fastify: '4.x'`, as a Fastify 4 project's own plugins do.
 */
import type { Gen } from './_corpus.ts';

const resources = ['users', 'orders', 'invoices', 'products', 'carts', 'sessions', 'reports', 'teams', 'projects', 'comments'];

const title = (r: string) => r[0]!.toUpperCase() + r.slice(1);

/** A querystring schema: the full form, or (legacy) the bare property map Fastify 4 wrapped itself. */
const querystring = (legacy: boolean) =>
  legacy
    ? `{ limit: { type: 'integer', maximum: 100 }, cursor: { type: 'string' } }`
    : `{ type: 'object', properties: { limit: { type: 'integer', maximum: 100 }, cursor: { type: 'string' } } }`;

/** The app: options, plugins, an error handler and `listen`, variadic in its Fastify 4 form. */
export const fastifyServer: Gen = (n, pick, chance, legacy) => {
  const r = pick(resources);
  const logger = chance(legacy) ? `logger: pino({ level: 'info' })` : `logger: { level: process.env.LOG_LEVEL || 'info' }`;
  const listen = chance(legacy)
    ? `app.listen(PORT, '0.0.0.0', (err) => {
  if (err) {
    app.log.error(err);
    process.exit(1);
  }
});`
    : `app.listen({ port: PORT, host: '0.0.0.0' }).catch((err) => {
  app.log.error(err);
  process.exit(1);
});`;
  return `'use strict';
const Fastify = require('fastify');
const pino = require('pino');
const cors = require('@fastify/cors');
const ${r}Routes${n} = require('../routes/${r}');

const PORT = Number(process.env.PORT || 3000);
const app = Fastify({ ${logger}, trustProxy: true, bodyLimit: 1048576 });

app.register(cors, { origin: true });
app.register(${r}Routes${n}, { prefix: '/${r}' });

app.setErrorHandler((error, request, reply) => {
  request.log.error({ err: error, url: ${chance(legacy) ? 'request.routerPath' : 'request.routeOptions.url'} }, 'request failed');
  reply.code(error.statusCode || 500).send({ error: error.message });
});

app.setNotFoundHandler((request, reply) => {
  reply.code(404).send({ error: 'not found', path: request.url });
});

${listen}

module.exports = app;
`;
};

/** A route plugin in TypeScript: schemas, typed handlers, a hook; some Fastify 4 forms among them. */
export const fastifyRoutes: Gen = (n, pick, chance, legacy) => {
  const r = pick(resources);
  const R = title(r);
  const elapsed = chance(legacy) ? 'reply.getResponseTime()' : 'reply.elapsedTime';
  const moved = chance(legacy) ? `reply.redirect(301, \`/${r}/\${request.params.id}\`)` : `reply.code(301).redirect(\`/${r}/\${request.params.id}\`)`;
  return `import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ${r}Service } from '../services/${r}-service';

type Params = { id: string };

async function get${R}${n}(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
  const row = await ${r}Service.get(request.params.id);
  if (!row) return reply.code(404).send({ error: 'not found' });
  reply.header('x-elapsed', String(${elapsed}));
  return row;
}

const ${r}Routes${n}: FastifyPluginAsync = async (fastify) => {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.headers.authorization) return reply.code(401).send({ error: 'unauthorized' });
  });

  fastify.get('/', { schema: { querystring: ${querystring(chance(legacy))} } }, async (request) => {
    const { limit = 20, cursor = '' } = request.query as { limit?: number; cursor?: string };
    return ${r}Service.list({ limit, cursor });
  });

  fastify.get<{ Params: Params }>('/:id', { schema: { params: { type: 'object', properties: { id: { type: 'string' } } } } }, get${R}${n});

  fastify.get<{ Params: Params }>('/legacy/:id', async (request, reply) => {
    return ${moved};
  });
};

export default ${r}Routes${n};
`;
};

/** A fastify-plugin plugin: decorators, request hooks, a connection or `sent` in its Fastify 4 form. */
export const fastifyPlugin: Gen = (n, pick, chance, legacy) => {
  const r = pick(resources);
  const ip = chance(legacy) ? 'request.connection.remoteAddress' : 'request.socket.remoteAddress';
  const hijack = chance(legacy) ? `reply.sent = true;` : `reply.hijack();`;
  return `'use strict';
const fp = require('fastify-plugin');

module.exports = fp(async function ${r}Audit${n}(fastify, opts) {
  fastify.decorate('${r}Audit', { count: 0 });
  fastify.decorateRequest('auditId', null);

  fastify.addHook('preHandler', async (request, reply) => {
    request.auditId = \`\${${ip}}-\${Date.now()}\`;
    fastify.${r}Audit.count++;
  });

  fastify.get('/_stream/${r}', (request, reply) => {
    ${hijack}
    reply.raw.end(JSON.stringify({ id: request.auditId, count: fastify.${r}Audit.count }));
  });
}, { name: '${r}-audit-${n}', fastify: '4.x' });
`;
};
