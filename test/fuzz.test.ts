/**
 * Seeded fuzz test of the promise "bad input loses nothing": our own real-looking Express files (fixture inputs and
 * example apps), truncated and corrupted, are fixed by the whole pack. A file that did not parse is left byte for
 * byte, no file that parsed is made unparsable, and a second run changes nothing.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { glob } from 'tinyglobby';
import { afterAll, describe, expect, it } from 'vitest';
import pack from '../codemods/express/index.ts';
import { parseSource } from '../src/engine/parse.ts';
import { runPack } from '../src/engine/run.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FILES = 300;
const SEED = 1_129;

type Mutation = (text: string) => string;

/** Real-looking damage: an editor mid-save, a bad merge, a stray keystroke, a paste into the wrong place. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((at): Mutation => (t) => t.slice(0, Math.floor(t.length * at))),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 }))
    .map(([at, n]): Mutation => (t) => { const i = Math.floor(t.length * at); return t.slice(0, i) + t.slice(i + n); }),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('(', ')', '{', '}', '`', "'", '"', '/*', '<', ',', ';', '=>', '\n<<<<<<< HEAD\n'))
    .map(([at, s]): Mutation => (t) => { const i = Math.floor(t.length * at); return t.slice(0, i) + s + t.slice(i); }),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([a, b]): Mutation => (t) => { const lines = t.split('\n'); const i = Math.floor(lines.length * a); const j = Math.floor(lines.length * b); [lines[i], lines[j]] = [lines[j]!, lines[i]!]; return lines.join('\n'); }),
  fc.constant<Mutation>((t) => t), // an intact file among the damaged ones: fixed as usual
);

const parses = (file: string, text: string) => {
  try {
    parseSource(file, text);
    return true;
  } catch {
    return false;
  }
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('fix on damaged files (seeded fuzz)', () => {
  it(`leaves ${FILES} truncated and corrupted files parsable or untouched, and settles in one run`, { timeout: 120_000 }, async () => {
    const sources = (await glob(['fixtures/express/**/*.input.*', 'fixtures/apps/*/src/**/*.{js,mjs,cjs,ts}'], { cwd: ROOT })).sort();
    expect(sources.length).toBeGreaterThan(100);
    const cases = fc.sample(fc.tuple(fc.constantFrom(...sources), fc.array(mutation, { minLength: 1, maxLength: 3 })), { seed: SEED, numRuns: FILES });

    const dir = mkdtempSync(path.join(tmpdir(), 'straddle-fuzz-'));
    dirs.push(dir);
    cpSync(path.join(ROOT, 'fixtures/apps/blog-esm/package.json'), path.join(dir, 'package.json'));
    const before = new Map<string, string>();
    cases.forEach(([source, mutations], i) => {
      const name = `src/${i}-${path.basename(source).replace('.input', '')}`;
      const text = mutations.reduce((t, m) => m(t), readFileSync(path.join(ROOT, source), 'utf8'));
      mkdirSync(path.join(dir, 'src'), { recursive: true });
      writeFileSync(path.join(dir, name), text);
      before.set(name, text);
    });

    const first = await runPack(pack, { cwd: dir, fix: true, types: false, jobs: 1 });
    const after = new Map([...before.keys()].map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
    const unparsable = [...before].filter(([name, text]) => !parses(name, text));
    const parsable = [...before].filter(([name, text]) => parses(name, text));

    console.log(`fuzz: ${unparsable.length} unparsable, ${parsable.length} parsable, ${first.changed.length} changed`);
    // enough of each kind to mean something, and the pack really rewrote some of them
    expect(unparsable.length).toBeGreaterThan(FILES * 0.2);
    expect(parsable.length).toBeGreaterThan(FILES * 0.2);
    expect(first.changed.length).toBeGreaterThan(20);
    expect(unparsable.filter(([name, text]) => after.get(name) !== text).map(([name]) => name)).toEqual([]);
    expect(parsable.filter(([name]) => !parses(name, after.get(name)!)).map(([name]) => name)).toEqual([]);

    const second = await runPack(pack, { cwd: dir, fix: true, types: false, jobs: 1 });
    expect(second.changed).toEqual([]);
    expect([...after].filter(([name, text]) => readFileSync(path.join(dir, name), 'utf8') !== text).map(([name]) => name)).toEqual([]);
  });
});
