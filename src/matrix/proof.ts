/**
 * @module matrix/proof
 * Proof of what a test process really loaded. Two witnesses append JSON lines to the file named by
 * STRADDLE_MATRIX_PROOF:
 * - a marker required by the entry file of each cached copy: it runs whatever loads the package (Node's require,
 *   `import`, jest's own module registry, vitest), so a line from it means the cached copy was executed;
 * - a preload (NODE_OPTIONS --require) that, when each Node process exits, lists every copy of the package in the
 *   process's module cache, so a copy loaded from somewhere else is named instead of silently passing.
 * Both are plain CommonJS written from the strings below, so they work the same from dist and under vitest.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { COUNTER_SOURCE } from './count-in-process.ts';
import type { LoadedPackage, ProofLine } from './types.ts';

export const PROOF_ENV = 'STRADDLE_MATRIX_PROOF';
export const PACKAGE_ENV = 'STRADDLE_MATRIX_PACKAGE';
export const MARKER_FILE = '__straddle_proof.cjs';

const MARKER_SOURCE = `'use strict';
// Written by straddle: records that this cached copy was loaded (see STRADDLE_MATRIX_PROOF).
const file = process.env.${PROOF_ENV};
if (file) {
  require('fs').appendFileSync(file, JSON.stringify({ via: 'cache', version: require('./package.json').version, path: __dirname, pid: process.pid }) + '\\n');
}
`;

const PRELOAD_SOURCE = `'use strict';
// Written by straddle: at exit, lists every copy of the package this process loaded (see STRADDLE_MATRIX_PROOF),
// and what its tests counted (see matrix/count-in-process).
const fs = require('fs');
const path = require('path');
const file = process.env.${PROOF_ENV};
const name = process.env.${PACKAGE_ENV};
if (file && name) {
  process.on('exit', () => {
    // Package roots by the folder after the last node_modules, then by package.json name: aliases count too.
    const roots = new Set();
    const marker = path.sep + 'node_modules' + path.sep;
    for (const key of Object.keys(require.cache)) {
      const at = key.lastIndexOf(marker);
      if (at === -1) continue;
      const parts = key.slice(at + marker.length).split(path.sep);
      roots.add(key.slice(0, at + marker.length) + parts.slice(0, parts[0].startsWith('@') ? 2 : 1).join(path.sep));
    }
    for (const root of roots) {
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
        if (pkg.name !== name) continue;
        fs.appendFileSync(file, JSON.stringify({ via: 'process', version: pkg.version, path: root, pid: process.pid }) + '\\n');
      } catch {}
    }
  });
}
${COUNTER_SOURCE}`;

/** Writes the preload into the cache (once per content) and returns its path. */
export async function ensurePreload(cacheDir: string): Promise<string> {
  const file = path.join(cacheDir, 'runtime', `preload-${hashOf(PRELOAD_SOURCE)}.cjs`);
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing !== PRELOAD_SOURCE) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, PRELOAD_SOURCE);
  }
  return file;
}

/**
 * Makes an installed package report its own loading: the marker sits beside package.json and every entry file
 * requires (or imports) it on a line added at its end, so strict-mode directives and the line numbers of stack
 * frames stay as they were.
 */
export async function addMarker(packageDir: string): Promise<void> {
  await writeFile(path.join(packageDir, MARKER_FILE), MARKER_SOURCE);
  const pkg = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as PackageEntries;
  for (const entry of entryFiles(pkg)) {
    const file = path.join(packageDir, entry);
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null || text.includes(MARKER_FILE)) continue;
    const esm = file.endsWith('.mjs') || (pkg.type === 'module' && !file.endsWith('.cjs'));
    const statement = esm ? `import './${MARKER_FILE}';` : `require('./${MARKER_FILE}');`;
    await writeFile(file, `${text}${text.endsWith('\n') ? '' : '\n'}${statement}\n`);
  }
}

interface ProofRecord extends ProofLine {
  via: 'cache' | 'process';
  version: string;
  path: string;
}

export interface ProofVerdict {
  loaded: LoadedPackage | null;
  loadedAll: LoadedPackage[];
  /** null when the process loaded the expected copy (or none at all). */
  failure: string | null;
  /** Information: the suite never loaded the package, or loaded other copies too (aliases, a dependency's own). */
  note: string | null;
}

/**
 * Judges what the witnesses wrote against the copies the project's own require resolves (`dirs`,
 * real paths inside the run's copy). Other copies are information, not failure: a project may load an older major
 * under an alias on purpose, and a dependency may bring its own. A suite that never loads the package (it mocks it)
 * is judged by its tests. Must run while the run's copy still exists, since paths are compared after resolving links.
 */
export async function judgeProof(
  written: readonly ProofLine[],
  expected: { packageName: string; version: string; dirs: string[] },
): Promise<ProofVerdict> {
  const records = written.filter((record): record is ProofRecord => record.via === 'cache' || record.via === 'process');
  const expectedDirs = new Set(await Promise.all(expected.dirs.map((dir) => realpath(dir).catch(() => dir))));
  const byPath = new Map<string, LoadedPackage>();
  for (const record of records) {
    // A runner that keeps symlinked paths reports node_modules/<name>: the real path names the copy.
    const real = await realpath(record.path).catch(() => record.path);
    if (!byPath.has(real)) byPath.set(real, { version: record.version, path: real });
  }
  const loadedAll = [...byPath.values()];
  const own = loadedAll.find((copy) => expectedDirs.has(copy.path));
  const others = loadedAll.filter((copy) => copy !== own);
  const list = (copies: LoadedPackage[]) => copies.map((copy) => `${expected.packageName}@${copy.version} from ${copy.path}`).join(', ');
  // a copy installed under the package's own name that is not the project's means its require went astray;
  // copies under other names are aliases the suite loads on purpose
  const astray = others.filter((copy) => path.basename(copy.path) === path.basename(expected.packageName));
  if (!own && !astray.length) {
    return {
      loaded: null, loadedAll, failure: null,
      note: `The tests never loaded the project's own ${expected.packageName} (a suite that mocks it, or none that needs it): judged by their results alone.${others.length ? ` Also loaded, as information: ${list(others)}.` : ''}`,
    };
  }
  if (!own) {
    return {
      loaded: astray[0]!, loadedAll, note: null,
      failure: `The test process loaded ${list(astray)}, not the project's own ${expected.packageName}@${expected.version}. The result proves nothing about ${expected.version}.`,
    };
  }
  if (own.version !== expected.version) {
    return { loaded: own, loadedAll, note: null, failure: `The copy at ${own.path} reports ${own.version}, not ${expected.version}; clear the cache and run again.` };
  }
  return { loaded: own, loadedAll, failure: null, note: others.length ? `Also loaded, as information: ${list(others)}.` : null };
}

/** Every line the witnesses and the counting (matrix/count-in-process) wrote, each kind told by its `via`. */
export async function readProofFile(file: string): Promise<ProofLine[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as ProofLine);
}

/** Creates the (empty) proof file, so that "nothing was written" and "the file is missing" read the same. */
export async function createProofFile(file: string): Promise<void> {
  // empty: a reused copy's folder still holds the last run's
  await writeFile(file, '');
}

/** NODE_OPTIONS with the preload added, keeping the user's own options. */
export function withPreload(nodeOptions: string | undefined, preload: string): string {
  const option = `--require ${JSON.stringify(preload)}`;
  return nodeOptions ? `${nodeOptions} ${option}` : option;
}

// --- internal ---

interface PackageEntries {
  type?: string;
  main?: string;
  exports?: unknown;
}

function entryFiles(pkg: PackageEntries): string[] {
  const files = new Set<string>();
  files.add(normaliseEntry(pkg.main ?? 'index.js'));
  const root = typeof pkg.exports === 'object' && pkg.exports !== null && '.' in pkg.exports
    ? (pkg.exports as Record<string, unknown>)['.']
    : pkg.exports;
  collectStrings(root, files);
  return [...files];
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string' && /\.[cm]?js$/.test(value)) into.add(normaliseEntry(value));
  else if (value && typeof value === 'object') for (const inner of Object.values(value)) collectStrings(inner, into);
}

function normaliseEntry(entry: string): string {
  const withExtension = path.extname(entry) ? entry : `${entry}.js`;
  return path.normalize(withExtension);
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
