import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answers, loadApp } from './_testing/behaviour.ts';
import { unwireShim, wireShim } from './_shim-wiring.ts';
import { VENDOR_DIR, vendorFiles } from './_vendor.ts';
import pack from './index.ts';

const cjs = `'use strict';
// The shop's app.
const fastify = require('fastify');
const routes = require('./routes');

const app = fastify({ logger: false }); // one instance
app.register(routes);
module.exports = app;
`;

describe('wireShim (fastify)', () => {
  it('wires a declared instance by a statement below it, and requires the shim after the last require', () => {
    expect(wireShim('app.js', cjs, ['request-connection'])).toBe(`'use strict';
// The shop's app.
const fastify = require('fastify');
const routes = require('./routes');
const { straddle } = require('straddle/fastify');

const app = fastify({ logger: false }); // one instance
straddle(app, { features: { 'request-connection': 'warn' } });
app.register(routes);
module.exports = app;
`);
  });

  it('wraps an instance created inside an expression, in ES modules, in the file\'s style', () => {
    const esm = 'import Fastify from "fastify"\n\nexport default Fastify()\n';
    expect(wireShim('app.mjs', esm, ['json-shorthand'])).toBe(
      'import Fastify from "fastify"\nimport { straddle } from "straddle/fastify"\n\nexport default straddle(Fastify(), { features: { \'json-shorthand\': \'warn\' } })\n',
    );
  });

  it('wires the factory call inside a builder, never the builder, a chained method or a plugin parameter', () => {
    const builder = `const Fastify = require('fastify');
function build() {
  return Fastify();
}
const app = build();
app.register(async function plugin(fastify) {
  fastify.get('/', async () => 'ok');
});
module.exports = app;
`;
    const out = wireShim('build.js', builder, [])!;
    expect(out).toContain('  return straddle(Fastify());\n');
    expect(out.match(/straddle\(/g)).toHaveLength(1);
  });

  it('adds only missing features to a wiring, is idempotent, and skips what straddle() cannot help', () => {
    const once = wireShim('app.js', cjs, ['request-connection'])!;
    expect(wireShim('app.js', once, ['request-connection'])).toBeUndefined();
    const twice = wireShim('app.js', once, ['request-connection', 'request-route-props'])!;
    expect(twice).toContain("straddle(app, { features: { 'request-connection': 'warn', 'request-route-props': 'warn' } });");
    expect(twice.match(/require\('straddle\/fastify'\)/g)).toHaveLength(1);
    expect(wireShim('app.js', cjs, ['logger-instance'])).toBeUndefined();
    expect(wireShim('db.js', "const pg = require('pg');\nconst pool = new pg.Pool();\nmodule.exports = pool;\n", [])).toBeUndefined();
  });

  it('unwires back to the file as it was', () => {
    expect(unwireShim('app.js', wireShim('app.js', cjs, ['request-connection'])!)).toBe(cjs);
    const esm = 'import Fastify from "fastify"\n\nexport default Fastify()\n';
    expect(unwireShim('app.mjs', wireShim('app.mjs', esm, [])!)).toBe(esm);
    expect(unwireShim('app.js', cjs)).toBeUndefined();
  });

  it('is the pack\'s shim, covering the rules straddle() stands in for', () => {
    const ruleIds = new Set(pack.rules.map((r) => r.id));
    expect(pack.shim?.vendorDir).toBe(VENDOR_DIR);
    // the rules of the first slice each have their feature; later rules may or may not (route-version has its rule)
    for (const id of ['request-route-props', 'reply-get-response-time', 'request-connection']) {
      expect(ruleIds.has(id) && pack.shim?.features.includes(id)).toBe(true);
    }
    expect(pack.shim?.features).not.toContain('logger-instance');
  });
});

describe('the vendored shim, wired by upgrade into an app, on real Fastify 4 and 5', () => {
  const project = mkdtempSync(path.join(tmpdir(), 'straddle-fastify-vendored-'));
  mkdirSync(path.join(project, VENDOR_DIR));
  for (const [name, text] of Object.entries(vendorFiles())) writeFileSync(path.join(project, VENDOR_DIR, name), text);
  const app = `const fastify = require('fastify');
const app = fastify();
app.get('/u/:id', { schema: { params: { id: { type: 'integer' } } } }, async (request) => ({
  path: request.routerPath,
  idType: typeof request.params.id,
  remote: request.connection.remoteAddress,
}));
module.exports = app;
`;
  const file = path.join(project, 'app.js');
  const spec = { requests: [{ path: '/u/42' }, { path: '/u/x' }] };

  it('breaks on 5 unwired, and answers on 5 as on 4 once wired', async () => {
    await expect(answers(loadApp(app, file, 5), spec)).rejects.toThrow(/Failed building the validation schema/);
    const wired = wireShim('app.js', app, ['request-route-props', 'request-connection', 'json-shorthand'], `./${VENDOR_DIR}/index.js`)!;
    expect(wired).toContain(`require('./${VENDOR_DIR}/index.js')`);
    const on4 = await answers(loadApp(app, file, 4), spec);
    expect(on4.responses.map((r) => [r.status, r.body])).toEqual([
      [200, JSON.stringify({ path: '/u/:id', idType: 'number', remote: '127.0.0.1' })],
      [400, expect.stringContaining('must be integer')],
    ]);
    expect(await answers(loadApp(wired, file, 5), spec)).toEqual(on4);
    expect(await answers(loadApp(wired, file, 4), spec)).toEqual(on4);
  });
});
