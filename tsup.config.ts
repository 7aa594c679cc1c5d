import { defineConfig } from 'tsup';

export default defineConfig([
  // The CLI, the engine's worker and the programmatic API: ESM only (run through bin.js).
  {
    entry: {
      index: 'src/index.ts',
      cli: 'src/cli/index.ts',
      worker: 'src/engine/worker.ts',
    },
    format: ['esm'],
    target: 'node20',
    outDir: 'dist',
    dts: { entry: { index: 'src/index.ts' } },
    // `typescript` loads through require (see src/engine/_typescript.ts for why): not external, but aliased
    noExternal: ['typescript'],
    esbuildOptions(options) {
      options.alias = { typescript: './src/engine/_typescript.ts' };
    },
    splitting: true,
    clean: false,
  },
  // The shim, as the package @straddle/express (packages/express) and as `upgrade` writes it into a project: one
  // CommonJS file with its dependencies inlined (path-to-regexp), so nothing is installed with it and any runner or
  // TypeScript resolution finds it. scripts/shim-package.mjs then adds the ESM entry over it and `straddle/express`.
  {
    entry: { index: 'shims/express/index.ts' },
    format: ['cjs'],
    target: 'node18',
    outDir: 'packages/express/dist',
    outExtension: () => ({ js: '.js' }),
    dts: true,
    noExternal: [/.*/],
    clean: false,
  },
  // The Fastify shim (`straddle/fastify`, and what `upgrade` vendors as straddle-fastify/): one CommonJS file that
  // imports nothing, so any runner or TypeScript resolution finds it. scripts/shim-package.mjs adds the ESM entry over it.
  {
    entry: { 'shims/fastify': 'shims/fastify/index.ts' },
    format: ['cjs'],
    target: 'node18',
    outDir: 'dist',
    dts: true,
    noExternal: [/.*/],
    clean: false,
  },
  // The helpers a fix writes next to the file it rewrites (route introspection, static content types): each imports
  // nothing, ESM and CJS.
  {
    entry: { 'vendor/list-routes': 'shims/express/list-routes.ts', 'vendor/static-type': 'shims/express/static-type.ts' },
    format: ['esm', 'cjs'],
    target: 'node18',
    outDir: 'dist',
    dts: true,
    clean: false,
  },
  // The rules as a jscodeshift transform (`straddle/jscodeshift`): jscodeshift loads a transform with require, so
  // one CommonJS file whose module.exports is the transform (cjsInterop; its exports are known only with splitting).
  // Dependencies stay external, as in the ESM build; typescript loads past jscodeshift's Babel hook (see the alias).
  {
    entry: { jscodeshift: 'src/adapters/jscodeshift.ts' },
    format: ['cjs'],
    target: 'node20',
    outDir: 'dist',
    cjsInterop: true,
    splitting: true,
    shims: true,
    noExternal: ['typescript'],
    esbuildOptions(options) {
      options.alias = { typescript: './src/adapters/_typescript-unhooked.ts' };
    },
    clean: false,
  },
]);
