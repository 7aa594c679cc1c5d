/**
 * After tsup: the ESM entry of @straddle/express over its one CommonJS file, and `straddle/express` as a re-export.
 * The ESM entry imports the CommonJS build instead of being a second build, so an app whose code both requires and
 * imports the shim (or a library that requires it inside an ESM app) has one instance: one set of modes, one
 * warned-once list. Its named exports are read from the built file, so they cannot drift from it.
 */
import { createRequire } from 'node:module';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'packages/express/dist');
const names = Object.keys(createRequire(import.meta.url)(path.join(dist, 'index.js'))).sort();
if (!names.includes('straddle')) throw new Error(`shim-package: ${dist}/index.js does not export straddle`);

// tsup names CommonJS declarations .d.cts whatever outExtension says; in a "type": "commonjs" package they are .d.ts
renameSync(path.join(dist, 'index.d.cts'), path.join(dist, 'index.d.ts'));
writeFileSync(path.join(dist, 'index.mjs'), `import shim from './index.js';\n\nexport const { ${names.join(', ')} } = shim;\n`);
writeFileSync(path.join(dist, 'index.d.mts'), "export * from './index.js';\n");

// The CLI package keeps `straddle/express` for existing users: the same module as @straddle/express, not a copy.
const shims = path.join(root, 'dist/shims');
mkdirSync(shims, { recursive: true });
writeFileSync(path.join(shims, 'express.js'), "export * from '@straddle/express';\n");
writeFileSync(path.join(shims, 'express.cjs'), "module.exports = require('@straddle/express');\n");
for (const types of ['express.d.ts', 'express.d.cts']) writeFileSync(path.join(shims, types), "export * from '@straddle/express';\n");

// straddle/fastify: the ESM entry over its one CommonJS file (one instance, whichever way it is loaded), its names
// read from the built file.
const fastifyShim = path.join(shims, 'fastify.cjs');
const fastifyNames = Object.keys(createRequire(import.meta.url)(fastifyShim)).sort();
if (!fastifyNames.includes('straddle')) throw new Error(`shim-package: ${fastifyShim} does not export straddle`);
writeFileSync(path.join(shims, 'fastify.js'), `import shim from './fastify.cjs';\n\nexport const { ${fastifyNames.join(', ')} } = shim;\n`);
writeFileSync(path.join(shims, 'fastify.d.ts'), "export * from './fastify.cjs';\n");
