/**
 * The forward half of request-route-props and reply-get-response-time, on real Fastify 4 minors that lack what the
 * rules rewrite to: `routeOptions` (none before 4.10, without config and schema before 4.23) and `elapsedTime`
 * (none before 4.26). Those minors are installed here, into a temporary project, from npm (the local cache first):
 * the repository's own devDependencies hold only the newest 4.x. Slow the first time on a machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appOf, ask, fastifyOf, lineOf, sitesIn, type Factory } from './_testing.ts';

const MINORS = ['4.5.3', '4.9.2', '4.22.2', '4.25.2'] as const;
const alias = (version: string) => `fastify-${version.replaceAll('.', '-')}`;
const work = mkdtempSync(join(tmpdir(), 'straddle-fastify-minors-'));
const factories = new Map<string, Factory>();

beforeAll(() => {
  writeFileSync(join(work, 'package.json'), '{ "name": "minors", "private": true }\n');
  const specs = MINORS.map((v) => `${alias(v)}@npm:fastify@${v}`);
  execFileSync('npm', ['install', ...specs, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: work, encoding: 'utf8' });
  const require = createRequire(join(work, 'package.json'));
  for (const version of MINORS) factories.set(version, require(alias(version)) as Factory);
}, 300_000);

const file = /older-minors\.test\.ts$/;

/** The dual forms the rules write, read in a handler and in an onResponse hook (where the clock runs). */
function register(app: any) {
  let elapsed: unknown = null;
  app.addHook('onResponse', async (_request: any, reply: any) => {
    elapsed = typeof reply.elapsedTime;
  });
  app.get('/u/:id', { schema: { params: { type: 'object', properties: { id: { type: 'integer' } } } }, config: { tag: 'users' } }, async (request: any) => {
    const options = request.routeOptions;
    return { url: options?.url ?? null, method: options?.method ?? null, tag: options?.config?.tag ?? null, idType: options?.schema?.params?.properties?.id?.type ?? null };
  });
  app.get('/elapsed', async () => elapsed);
  return app;
}

async function answers(app: any) {
  const route = (await ask(app, '/u/1')).body;
  const elapsed = (await ask(app, '/elapsed')).body;
  return { route, elapsed };
}

const FULL = { url: '/u/:id', method: 'GET', tag: 'users', idType: 'integer' };

describe.each(MINORS)('on Fastify %s', (version) => {
  const factory = () => factories.get(version)!;

  it('lacks what the newest 4.x has (the premise)', async () => {
    const { route, elapsed } = await answers(register(appOf(factory(), false).app));
    expect(elapsed).toBe('undefined');
    const lacking = version === '4.25.2' ? FULL : version === '4.22.2' ? { ...FULL, tag: null, idType: null } : { url: null, method: null, tag: null, idType: null };
    expect(route).toEqual(lacking);
  });

  it('answers the dual forms as Fastify 4.29 does natively, naming the sites that rely on the shim', async () => {
    const native = await answers(register(appOf(fastifyOf(4), false).app));
    expect(native).toEqual({ route: FULL, elapsed: 'number' });
    const { app, warnings } = appOf(factory());
    expect(await answers(register(app))).toEqual(native);
    const routeSite = `request-route-props@${lineOf(import.meta.filename, '= request.routeOptions')}`;
    const timeSite = `reply-get-response-time@${lineOf(import.meta.filename, '= typeof reply.elapsedTime')}`;
    expect(sitesIn(warnings, file).sort()).toEqual(version === '4.25.2' ? [timeSite] : [timeSite, routeSite].sort());
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/Require fastify \^4\.26\.0 instead\./);
  });

  it('supplies routeOptions for the rule request-context too, warning under its id', async () => {
    const { app, warnings } = appOf(factory(), { features: { 'request-route-props': 'off', 'reply-get-response-time': 'off' } });
    expect((await answers(register(app))).route).toEqual(FULL);
    expect(sitesIn(warnings, file)).toEqual(version === '4.25.2' ? [] : [`request-context@${lineOf(import.meta.filename, '= request.routeOptions')}`]);
  });

  it("supplies nothing in mode 'off'", async () => {
    const { app } = appOf(factory(), { default: 'off' });
    expect((await answers(register(app))).elapsed).toBe('undefined');
  });
});
