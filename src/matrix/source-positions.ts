/**
 * @module matrix/source-positions
 * A frame in compiled output (a TypeScript library whose tests run its `dist/`) names a file the project does not
 * keep, at a line its sources do not have. Where that file has a source map, the frame gets its source position next
 * to it, `at f (dist/app.js:10:5) (src/app.ts:12:3)`, read while the copy that ran still exists, so that the upgrade
 * loop's evidence is a line of the project's own code. The test processes run as they would (no
 * `--enable-source-maps`, which changes every stack they read and slows those that read many).
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `at f (/abs/dist/app.js:10:5)`, `at /abs/dist/app.js:10:5`, and mocha's cwd-relative `at f (dist/app.js:10:5)`
const COMPILED_FRAME = /(\(|\bat\s+)((?:\/|file:\/\/\/)[^\s():]+\.[cm]?js|(?:\.\.?\/)?[\w@][\w@.\-/]*\.[cm]?js):(\d+):(\d+)(\)?)/g;
const MAPPING_URL = /\/\/[#@] sourceMappingURL=(\S+)\s*$/;

interface LoadedMap {
  map: SourceMap;
  /** Where its `sources` are relative to. */
  base: string;
}

/** `text` with the source position after every frame of a compiled file under `root` that has a source map. */
export function withSourcePositions(text: string, root: string): string {
  if (!text.includes('.js:')) return text;
  const maps = new Map<string, LoadedMap | null>();
  return text.replace(COMPILED_FRAME, (frame, _open: string, file: string, line: string, column: string) => {
    const absolute = file.startsWith('file://') ? fileURLToPath(file) : path.resolve(root, file);
    if (!isOwn(absolute, root)) return frame;
    if (!maps.has(absolute)) maps.set(absolute, loadMap(absolute));
    const loaded = maps.get(absolute);
    const entry = loaded?.map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!loaded || !entry || !('originalSource' in entry) || !entry.originalSource) return frame;
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : path.resolve(loaded.base, entry.originalSource);
    if (!isOwn(source, root) || source === absolute) return frame;
    return `${frame} (${path.relative(root, source)}:${entry.originalLine + 1}:${entry.originalColumn + 1})`;
  });
}

function isOwn(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return !!relative && !relative.startsWith('..') && !path.isAbsolute(relative) && !relative.split(path.sep).includes('node_modules');
}

/** The file's source map (a sibling file or an inline data URL), or null where it has none that parses. */
function loadMap(file: string): LoadedMap | null {
  try {
    const code = readFileSync(file, 'utf8');
    const url = MAPPING_URL.exec(code.slice(-4096))?.[1];
    if (!url) return null;
    const inline = /^data:application\/json[^,]*?(;base64)?,(.*)$/.exec(url);
    const mapFile = inline ? file : path.resolve(path.dirname(file), decodeURIComponent(url));
    const json = inline ? (inline[1] ? Buffer.from(inline[2]!, 'base64').toString('utf8') : decodeURIComponent(inline[2]!)) : readFileSync(mapFile, 'utf8');
    const payload = JSON.parse(json) as { sourceRoot?: string };
    return { map: new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]), base: path.resolve(path.dirname(mapFile), payload.sourceRoot ?? '') };
  } catch {
    return null;
  }
}
