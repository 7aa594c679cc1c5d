/**
 * @module codemods/fastify/_docs
 * Links into the Fastify pack's docs: rule pages (`docs/fastify/<id>.md`) and rows of the breaking-change table
 * (`docs/fastify/breaking-changes.md#row-<N>`). straddle has no web site, so a link is the page as a file URL in the
 * straddle package that ships the docs (found from this module: the source tree, or dist/ of an installed package),
 * else the page's path inside that package (`straddle/docs/fastify/<page>.md`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The page the rules cite as "row N". */
export const SPEC_PAGE = 'breaking-changes';
const IN_PACKAGE = 'docs/fastify';

let base: string | undefined;

function docsBase(): string {
  base ??= findDocs() ?? `straddle/${IN_PACKAGE}`;
  return base;
}

/** The first folder above this module (codemods/fastify/ in the source, dist/ when built) holding the pages. */
function findDocs(): string | undefined {
  let here: string;
  try {
    here = path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, IN_PACKAGE, `${SPEC_PAGE}.md`))) return pathToFileURL(path.join(dir, IN_PACKAGE)).href;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** A page of the pack's docs: a rule id or {@link SPEC_PAGE}. */
export function docsUrl(page: string): string {
  return `${docsBase()}/${page}.md`;
}

/** Where row `row` of the breaking-change table is documented. */
export function rowUrl(row: number): string {
  return `${docsUrl(SPEC_PAGE)}#row-${row}`;
}
