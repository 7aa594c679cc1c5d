import { describe, expect, it } from 'vitest';
import { unwireShim, wireShim } from './_shim-wiring.ts';

const cjs = `'use strict';
// The shop's app.
const express = require('express');
const { store } = require('./store');

const app = express();
app.use(express.json());
module.exports = app;
`;

const esm = `import express from 'express';
import routes from './routes.js';

export const app = express();
app.use(routes);
`;

describe('wireShim', () => {
  it('wraps app creation and requires the shim after the last require (CJS)', () => {
    expect(wireShim('app.js', cjs, ['async-handler'])).toBe(`'use strict';
// The shop's app.
const express = require('express');
const { store } = require('./store');
const { straddle } = require('straddle/express');

const app = straddle(express(), { features: { 'async-handler': 'warn' } });
app.use(express.json());
module.exports = app;
`);
  });

  it('requires the shim above an app created between two requires, and keeps trailing comments on their lines', () => {
    const between = `const express = require('express'); // the framework
const app = express();
const config = require('./config'); // read once
app.set('config', config);
module.exports = app;
`;
    expect(wireShim('app.js', between, [])).toBe(`const express = require('express'); // the framework
const { straddle } = require('straddle/express');
const app = straddle(express());
const config = require('./config'); // read once
app.set('config', config);
module.exports = app;
`);
  });

  it('keeps CRLF line endings', () => {
    const crlf = "const express = require('express');\r\nconst app = express();\r\nmodule.exports = app;\r\n";
    expect(wireShim('app.js', crlf, [])).toBe("const express = require('express');\r\nconst { straddle } = require('straddle/express');\r\nconst app = straddle(express());\r\nmodule.exports = app;\r\n");
  });

  it("matches the file's quotes and semicolons", () => {
    const standard = 'const express = require("express")\n\nconst app = express()\nmodule.exports = app\n';
    expect(wireShim('app.js', standard, [])).toBe('const express = require("express")\nconst { straddle } = require("straddle/express")\n\nconst app = straddle(express())\nmodule.exports = app\n');
  });

  it('imports the shim in ES modules', () => {
    const out = wireShim('app.ts', esm, ['req-query-assign', 'async-handler'])!;
    expect(out).toContain("import routes from './routes.js';\nimport { straddle } from 'straddle/express';\n");
    expect(out).toContain("export const app = straddle(express(), { features: { 'req-query-assign': 'warn', 'async-handler': 'warn' } });");
  });

  it('adds only missing features to an existing wiring, and is idempotent', () => {
    const once = wireShim('app.js', cjs, ['async-handler'])!;
    expect(wireShim('app.js', once, ['async-handler'])).toBeUndefined();
    const twice = wireShim('app.js', once, ['async-handler', 'req-query-assign'])!;
    expect(twice).toContain("straddle(express(), { features: { 'async-handler': 'warn', 'req-query-assign': 'warn' } })");
    expect(twice.match(/require\('straddle\/express'\)/g)).toHaveLength(1);
  });

  it('wires warn mode (no features turned on) as a bare straddle(express()), and adds features to it later', () => {
    const bare = wireShim('app.js', cjs, [])!;
    expect(bare).toContain('const app = straddle(express());');
    expect(wireShim('app.js', bare, [])).toBeUndefined();
    expect(wireShim('app.js', bare, ['async-handler'])).toContain("straddle(express(), { features: { 'async-handler': 'warn' } })");
    expect(unwireShim('app.js', bare)).toBe(cjs);
  });

  it('wraps routers where they are created when paths need translating (Express 5 checks them before mounting)', () => {
    const routes = "const express = require('express');\nconst { Router } = require('express');\n\nconst api = express.Router();\nconst admin = Router({ strict: true });\nadmin.get('/files/*', list);\nmodule.exports = { api, admin };\n";
    const wired = wireShim('routes.js', routes, ['route-path'])!;
    expect(wired).toContain("const api = straddle(express.Router(), { features: { 'route-path': 'warn' } });");
    expect(wired).toContain("const admin = straddle(Router({ strict: true }), { features: { 'route-path': 'warn' } });");
    expect(wired.split('\n')[2]).toBe("const { straddle } = require('straddle/express');");
    expect(unwireShim('routes.js', wired)).toBe(routes);
  });

  it('leaves files that create no app alone, and routers too', () => {
    expect(wireShim('r.js', "const express = require('express');\nmodule.exports = express.Router();\n", ['async-handler'])).toBeUndefined();
    expect(wireShim('x.js', "const express = require('./my-express');\nconst app = makeApp();\n", ['async-handler'])).toBeUndefined();
  });
});

describe('unwireShim', () => {
  it('restores the original file byte for byte', () => {
    expect(unwireShim('app.js', wireShim('app.js', cjs, ['async-handler'])!)).toBe(cjs);
    expect(unwireShim('app.ts', wireShim('app.ts', esm, ['async-handler'])!)).toBe(esm);
  });

  it('takes out the shim imported from its package, @straddle/express, as a library depends on it', () => {
    const fromPackage = (text: string) => text.replace(/straddle\/express/g, '@straddle/express');
    expect(unwireShim('app.js', fromPackage(wireShim('app.js', cjs, ['async-handler'])!))).toBe(cjs);
    expect(unwireShim('app.ts', fromPackage(wireShim('app.ts', esm, ['async-handler'])!))).toBe(esm);
  });

  it('returns undefined when there is no shim', () => expect(unwireShim('app.js', cjs)).toBeUndefined());
});
