/**
 * @module shims/express/_docs
 * The one builder of links into the pack's docs: rule pages (`docs/express/<id>.md`, also the shim features' pages)
 * and rows of the breaking-change table (`docs/express/breaking-changes.md#row-<N>`). The rules, the CLI's reporters
 * and the shim's warnings all link through it. Dependency-free, as the vendored shim inlines it.
 *
 * straddle has no web site, so a link is never a web address: it is the page as a file URL in the straddle package
 * that ships the docs (the CLI's own, or one installed where the app runs), else the page's path inside that
 * package (`straddle/docs/express/<page>.md`), which names the same file in the repository and in node_modules.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The page the rules cite as "row N"; shipped as `docs/express/breaking-changes.md`. */
export const SPEC_PAGE = 'breaking-changes';

const IN_PACKAGE = 'docs/express';

let base: string | undefined;

/** Where the pages are, found once: the first straddle package with the docs, seen from this file, then from cwd. */
function docsBase(): string {
  base ??= findDocs() ?? `straddle/${IN_PACKAGE}`;
  return base;
}

function findDocs(): string | undefined {
  // this file inside a straddle package (the CLI runs from its bin.js), or an app with straddle installed
  const own = typeof __filename === 'string' ? [__filename] : [];
  for (const from of [...own, process.argv[1], path.join(process.cwd(), 'index.js')]) {
    if (!from) continue;
    try {
      const dir = path.join(path.dirname(createRequire(from).resolve('straddle/package.json')), IN_PACKAGE);
      if (existsSync(dir)) return pathToFileURL(dir).href;
    } catch {
      // not installed where this looks
    }
  }
  return undefined;
}

/** A page of the pack's docs: a rule or feature id, `shim` or {@link SPEC_PAGE}. */
export function docsUrl(page: string): string {
  return `${docsBase()}/${page}.md`;
}

/** The anchor of row `row` in the breaking-change table; every row of that page carries one. */
function rowAnchor(row: number): string {
  return `row-${row}`;
}

/** Where row `row` of the breaking-change table is documented. */
export function rowUrl(row: number): string {
  return `${docsUrl(SPEC_PAGE)}#${rowAnchor(row)}`;
}
