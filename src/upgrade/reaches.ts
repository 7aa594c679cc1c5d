/**
 * @module upgrade/reaches
 * Which files reach others through their relative imports. A failure's stack often shows only the project code a
 * dependency called back into, not the test helper that built the app it ran in; the helper that imports that code
 * (directly or a few modules down) is where that app is built.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { SOURCE_EXTENSIONS } from '../engine/parse.ts';

/** How many imports down a file may reach a target: a helper → the routes it mounts → the module they call. */
const DEPTH = 3;

const isFile = (file: string) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;

/** `./x` as Node or TypeScript resolve it: the file, it with a source extension, or its folder's index. */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  // TypeScript sources name their imports by the emitted `.js`
  const unJs = base.replace(/\.([cm]?)js$/, '.$1ts');
  const candidates = [base, unJs, ...SOURCE_EXTENSIONS.map((ext) => base + ext), ...SOURCE_EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
  return candidates.find(isFile);
}

function relativeImports(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  // the compiler's own import scanner: `require()`, `import`, `import()` and `export … from`, without a full parse
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.flatMap(({ fileName }) => {
    const resolved = fileName.startsWith('.') ? resolveRelative(file, fileName) : undefined;
    return resolved ? [resolved] : [];
  });
}

/** The files among `files` (relative to `cwd`) that import one of `targets` within DEPTH relative imports. */
export function filesReaching(cwd: string, files: readonly string[], targets: ReadonlySet<string>): string[] {
  if (!targets.size) return [];
  const wanted = new Set([...targets].map((file) => path.resolve(cwd, file)));
  const imports = new Map<string, string[]>();
  const importsOf = (file: string) => imports.get(file) ?? imports.set(file, relativeImports(file)).get(file)!;
  return files.filter((file) => {
    let frontier = [path.resolve(cwd, file)];
    const seen = new Set(frontier);
    for (let depth = 0; depth < DEPTH && frontier.length; depth++) {
      frontier = frontier.flatMap(importsOf).filter((next) => !seen.has(next) && seen.add(next));
      if (frontier.some((next) => wanted.has(next))) return true;
    }
    return false;
  });
}
