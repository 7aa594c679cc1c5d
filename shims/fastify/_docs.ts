/**
 * @module shims/fastify/_docs
 * Links into the Fastify pack's docs for the shim's warnings. straddle has no web site: a link is the page as a file
 * URL in the straddle package that ships `docs/fastify` (the one this file belongs to, or one installed where the app
 * runs), else the page's path inside that package. Dependency-free: the vendored shim inlines it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const IN_PACKAGE = 'docs/fastify';

let base: string | undefined;

function docsBase(): string {
  base ??= findDocs() ?? `straddle/${IN_PACKAGE}`;
  return base;
}

/** The first folder above this file holding the pages (the source tree, dist/ of a package), else an installed straddle. */
function findDocs(): string | undefined {
  // __filename exists in the CommonJS bundle; in the source tree (ESM under vitest/tsx) import.meta.dirname stands in
  const here = typeof __filename === 'string' ? path.dirname(__filename) : (import.meta as { dirname?: string }).dirname;
  for (let dir = here; dir; dir = path.dirname(dir) === dir ? undefined : path.dirname(dir)) {
    if (existsSync(path.join(dir, IN_PACKAGE, 'shim.md'))) return pathToFileURL(path.join(dir, IN_PACKAGE)).href;
  }
  for (const from of [process.argv[1], path.join(process.cwd(), 'index.js')]) {
    if (!from) continue;
    try {
      const dir = path.join(path.dirname(createRequire(from).resolve('straddle/package.json')), IN_PACKAGE);
      if (existsSync(dir)) return pathToFileURL(dir).href;
    } catch {
      // straddle is not installed where this looks
    }
  }
  return undefined;
}

/** A page of the pack's docs by name (`shim`, a rule id, `breaking-changes`). */
export function docsUrl(page: string): string {
  return `${docsBase()}/${page}.md`;
}
