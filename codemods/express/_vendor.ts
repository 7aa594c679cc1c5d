/**
 * @module codemods/express/_vendor
 * The shim as the upgrade loop writes it into a project: `straddle-express/` next to its package.json, holding the
 * build's one-file CommonJS shim (dependencies inlined), its types and a package.json that keeps it CommonJS in a
 * `"type": "module"` project. Nothing is installed: no registry name to squat, no lockfile change, no install
 * script; relative imports resolve in every runner (jest before 28 included) and every TypeScript resolution.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const VENDOR_DIR = 'straddle-express';

/** The straddle package root: where package.json names straddle, above this module in source and in dist alike. */
function packageRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'straddle') return dir;
    if (path.dirname(dir) === dir) throw new Error('straddle: cannot find its own package root to read the built shim from.');
  }
}

// The project's linters and type checker must not judge generated code; its formatter is told so in the same words.
const HEADER = (version: string, ...what: string[]) => `/* eslint-disable */
// biome-ignore-all lint: generated file
// @ts-nocheck
// Written by straddle ${version} for the Express 4 → 5 upgrade: ${what.map((line) => `${line}\n`).join('// ')}`;

const SHIM_HEADER = (version: string) =>
  HEADER(version, 'its runtime shim, with no dependency of its own.', '`straddle finish express` removes this folder once the project runs on Express 5 alone.');

/** The route-introspection helper's file names, without extension: `./straddle-list-routes.cjs` next to its importer. */
export const LIST_ROUTES = 'straddle-list-routes';

const LIST_ROUTES_HEADER = (version: string) =>
  HEADER(
    version,
    'route introspection that answers the same on Express 4 and 5 (`listRoutes(app)`,',
    '`layerRegexp`, `layerKeys`, `layerPath`, `layerParams` of a layer: what Express 4 has, on either major). It imports',
    'nothing and ships with the code next to it. Once the package supports Express 5 alone, read Express 5 layers directly and delete this file.',
  );

let files: Record<string, string> | undefined;

/** Read from the build once per process: an upgrade asks for them several times (names, then contents). */
export function vendorFiles(): Record<string, string> {
  files ??= readVendorFiles();
  return files;
}

/** A file of the build's `dist/vendor`, and straddle's version for the header. */
function builtVendor(root: string) {
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const built = (file: string) => {
    const full = path.join(root, 'dist', 'vendor', file);
    if (!existsSync(full)) throw new Error(`straddle: the built shim is missing (${full}); run \`npm run build\` in straddle.`);
    return readFileSync(full, 'utf8');
  };
  return { version, built };
}

function readVendorFiles(): Record<string, string> {
  const root = packageRoot();
  const { version, built } = builtVendor(root);
  return {
    'index.js': SHIM_HEADER(version) + built('express.cjs'),
    'index.d.ts': built('express.d.cts'),
    'package.json': `${JSON.stringify({ name: VENDOR_DIR, private: true, version, type: 'commonjs', main: 'index.js', types: 'index.d.ts' }, null, 2)}\n`,
  };
}

/**
 * The route-introspection helper (`listRoutes(app)`, `layerRegexp(layer)`, `layerKeys(layer)`: the same on Express 4
 * and 5) as a library vendors it next to the code that imports it: one file per module system, importing nothing.
 * Read from the build only when written.
 */
export const listRoutesHelpers: Record<string, () => string> = {
  [`${LIST_ROUTES}.cjs`]: () => listRoutesFile('list-routes.cjs'),
  [`${LIST_ROUTES}.mjs`]: () => listRoutesFile('list-routes.js'),
};

function listRoutesFile(built: string): string {
  const vendor = builtVendor(packageRoot());
  return LIST_ROUTES_HEADER(vendor.version) + vendor.built(built);
}

/** Is `specifier` the shim: the package subpath, or a relative path to the vendored folder's entry? */
export function isShimSpecifier(specifier: string, packageSubpath: string): boolean {
  return specifier === packageSubpath || new RegExp(`^\\.{1,2}/(?:.*/)?${VENDOR_DIR}/index\\.js$`).test(specifier);
}
