/**
 * @module codemods/fastify/_vendor
 * The Fastify shim as the upgrade loop writes it into a project: `straddle-fastify/` next to its package.json, holding
 * the one-file CommonJS build of `straddle/fastify` (its very file, under a header), its types and a package.json that
 * keeps it CommonJS in a `"type": "module"` project. Nothing is installed; relative imports resolve in every runner
 * and every TypeScript resolution.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const VENDOR_DIR = 'straddle-fastify';

/** The package subpath apps that install straddle import the shim from. */
export const SHIM_MODULE = 'straddle/fastify';

/** The straddle package root: where package.json names straddle, above this module in source and in dist alike. */
function packageRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'straddle') return dir;
    if (path.dirname(dir) === dir) throw new Error('straddle: cannot find its own package root to read the built Fastify shim from.');
  }
}

// The project's linters and type checker must not judge generated code; its formatter is told so in the same words.
const header = (version: string) => `/* eslint-disable */
// biome-ignore-all lint: generated file
// @ts-nocheck
// Written by straddle ${version} for the Fastify 4 → 5 upgrade: its runtime shim, with no dependency of its own.
// \`straddle finish fastify\` removes this folder once the project runs on Fastify 5 alone.
`;

let files: Record<string, string> | undefined;

/** Read from the build once per process: an upgrade asks for them several times (names, then contents). */
export function vendorFiles(): Record<string, string> {
  files ??= readVendorFiles();
  return files;
}

function readVendorFiles(): Record<string, string> {
  const root = packageRoot();
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const built = (file: string) => {
    const full = path.join(root, 'dist/shims', file);
    if (!existsSync(full)) throw new Error(`straddle: the built Fastify shim is missing (${full}); run \`npm run build\` in straddle.`);
    return readFileSync(full, 'utf8');
  };
  return {
    'index.js': header(version) + built('fastify.cjs'),
    'index.d.ts': built('fastify.d.cts'),
    'package.json': `${JSON.stringify({ name: VENDOR_DIR, private: true, version, type: 'commonjs', main: 'index.js', types: 'index.d.ts' }, null, 2)}\n`,
  };
}

/** Is `specifier` the shim: the package subpath, or a relative path to the vendored folder's entry? */
export function isShimSpecifier(specifier: string): boolean {
  return specifier === SHIM_MODULE || new RegExp(`^\\.{1,2}/(?:.*/)?${VENDOR_DIR}(?:/index(?:\\.js)?)?$`).test(specifier);
}
