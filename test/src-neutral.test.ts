/**
 * The engine knows no framework: nothing under src/ names Express or Fastify except the table of built-in packs in
 * src/packs.ts. Tests that use the Express pack as their vehicle live in test/express/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');
const FRAMEWORK = /\b(?:express|fastify)\b/i;
// one entry of BUILT_IN in src/packs.ts, e.g. `  express: () => import('../codemods/express/index.ts'),`
const BUILT_IN_ENTRY = /^\s+[\w-]+: \(\) => import\('\.\.\/codemods\/[\w-]+\/index\.ts'\),$/;

/** `file:line: text` for every line under `dir` that names the framework, but for the built-in pack table. */
function mentions(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(dir, name);
    if (!statSync(file).isFile()) continue;
    const relative = path.relative(ROOT, file).split(path.sep).join('/');
    if (FRAMEWORK.test(relative)) found.push(`${relative}: (file name)`);
    readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
      if (!FRAMEWORK.test(line)) return;
      if (relative === 'src/packs.ts' && BUILT_IN_ENTRY.test(line)) return;
      found.push(`${relative}:${index + 1}: ${line.trim()}`);
    });
  }
  return found;
}

describe('src/', () => {
  it('names no framework outside the table of built-in packs', () => {
    expect(mentions(SRC)).toEqual([]);
  });

  it('does not count words that only contain the name', () => {
    expect(FRAMEWORK.test('CallExpression ExpressionStatement express4 fastify5')).toBe(false);
    expect(FRAMEWORK.test("require('express')")).toBe(true);
    expect(FRAMEWORK.test('the Express pack')).toBe(true);
    expect(FRAMEWORK.test("import Fastify from 'fastify'")).toBe(true);
  });
});
