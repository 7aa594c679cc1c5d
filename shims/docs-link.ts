/**
 * @module docs-link
 * Where a pack's docs pages are, for the links its rules, reporters and shim warnings print. straddle has no web
 * site, so a link is never a web address: it is the page as a file URL in the straddle package that ships the docs,
 * else the page's path inside that package (`straddle/docs/<pack>/<page>.md`), which names the same file in the
 * repository and in node_modules. Dependency-free, as the one-file shims inline it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How a pack looks for its pages; the first place that has them wins, in the order of the fields. */
export interface DocsSearch {
  /** The pages' folder inside a straddle package, e.g. `docs/express`. */
  inPackage: string;
  /** First, the folders above the shim's file holding `<inPackage>/shim.md` (the source tree, dist/ of a package). */
  nearby?: boolean;
  /** Then straddle as installed where the shim's file is, before where the app runs (its entry, then cwd). */
  fromShim?: boolean;
}

/** The pack's `docsUrl(page)`: a page by name (`shim`, a rule id, `breaking-changes`), its base found once. */
export function docsPages(search: DocsSearch): (page: string) => string {
  let base: string | undefined;
  return (page) => {
    base ??= findDocs(search) ?? `straddle/${search.inPackage}`;
    return `${base}/${page}.md`;
  };
}

function findDocs({ inPackage, nearby, fromShim }: DocsSearch): string | undefined {
  // __filename exists in the CommonJS bundles; in the source tree (ESM under vitest/tsx) import.meta.url stands in.
  // Only `import.meta.url` may be written here: the CommonJS builds shim it, and a bare `import.meta.dirname` left in
  // a CommonJS chunk fails to load at all (`straddle/jscodeshift`)
  const file = typeof __filename === 'string' ? __filename : undefined;
  if (nearby) {
    const here = file ? path.dirname(file) : path.dirname(fileURLToPath(import.meta.url));
    for (let dir: string | undefined = here; dir; dir = path.dirname(dir) === dir ? undefined : path.dirname(dir)) {
      if (existsSync(path.join(dir, inPackage, 'shim.md'))) return pathToFileURL(path.join(dir, inPackage)).href;
    }
  }
  const own = fromShim && file ? [file] : [];
  for (const from of [...own, process.argv[1], path.join(process.cwd(), 'index.js')]) {
    if (!from) continue;
    try {
      const dir = path.join(path.dirname(createRequire(from).resolve('straddle/package.json')), inPackage);
      if (existsSync(dir)) return pathToFileURL(dir).href;
    } catch {
      // straddle is not installed where this looks
    }
  }
  return undefined;
}
