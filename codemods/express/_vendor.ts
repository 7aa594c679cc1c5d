/**
 * @module codemods/express/_vendor
 * The shim as the upgrade loop writes it into a project: `straddle-express/` next to its package.json, holding the
 * one-file CommonJS shim of the @straddle/express package (its very file, under a header), its types and a
 * package.json that keeps it CommonJS in a `"type": "module"` project. Nothing is installed: no registry name to
 * squat, no lockfile change, no install script; relative imports resolve in every runner (jest before 28 included)
 * and every TypeScript resolution.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** straddle's version (for the header) and a reader of one built file under `dir`. */
function builtVendor(dir: string) {
  const { version } = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  const built = (file: string) => {
    const full = path.join(dir, file);
    if (!existsSync(full)) throw new Error(`straddle: the built shim is missing (${full}); run \`npm run build\` in straddle.`);
    return readFileSync(full, 'utf8');
  };
  return { version, built };
}

/** The shim package's dist folder, where straddle resolves it (a dependency; a workspace link in this repository). */
export function shimPackageDist(): string {
  const manifest = createRequire(import.meta.url).resolve('@straddle/express/package.json');
  return path.join(path.dirname(manifest), 'dist');
}

function readVendorFiles(): Record<string, string> {
  const { version, built } = builtVendor(shimPackageDist());
  return {
    'index.js': SHIM_HEADER(version) + built('index.js'),
    'index.d.ts': built('index.d.ts'),
    'package.json': `${JSON.stringify({ name: VENDOR_DIR, private: true, version, type: 'commonjs', main: 'index.js', types: 'index.d.ts' }, null, 2)}\n`,
  };
}

/** The static-type helper's file names, without extension: `./straddle-static-type.cjs` next to its importer. */
export const STATIC_TYPE = 'straddle-static-type';

const STATIC_TYPE_HEADER = (version: string) =>
  HEADER(
    version,
    "the Content-Type `express.static` sends, Express 5's on either major (`staticContentType()`, a `setHeaders`",
    'option). It imports nothing and ships with the code next to it. Once the app runs on Express 5 alone, drop the option and delete this file.',
  );

/**
 * The helpers a fix writes next to the file that imports it, one file per module system, each importing nothing:
 * route introspection (`listRoutes(app)`, `layerRegexp(layer)`, …: the same on Express 4 and 5) and the static
 * content type. Read from the build only when written.
 */
export const helperFiles: Record<string, () => string> = {
  [`${LIST_ROUTES}.cjs`]: () => helperFile(LIST_ROUTES_HEADER, 'list-routes.cjs'),
  [`${LIST_ROUTES}.mjs`]: () => helperFile(LIST_ROUTES_HEADER, 'list-routes.js'),
  [`${STATIC_TYPE}.cjs`]: () => helperFile(STATIC_TYPE_HEADER, 'static-type.cjs'),
  [`${STATIC_TYPE}.mjs`]: () => helperFile(STATIC_TYPE_HEADER, 'static-type.js'),
};

function helperFile(header: (version: string) => string, built: string): string {
  const vendor = builtVendor(path.join(packageRoot(), 'dist', 'vendor'));
  return header(vendor.version) + vendor.built(built);
}

/** The shim's own package, which apps and libraries depend on (`straddle/express` re-exports it). */
export const SHIM_PACKAGE = '@straddle/express';

/** Is `specifier` the shim: its package, the CLI's subpath, or a relative path to the vendored folder's entry? */
export function isShimSpecifier(specifier: string, packageSubpath: string): boolean {
  return specifier === packageSubpath || specifier === SHIM_PACKAGE || new RegExp(`^\\.{1,2}/(?:.*/)?${VENDOR_DIR}/index\\.js$`).test(specifier);
}
