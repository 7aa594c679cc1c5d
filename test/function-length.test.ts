/**
 * The upgrade loop stays a pipeline of small stages: no function in src/upgrade/ (its stages included) runs longer
 * than 80 lines, so the next capability lands in a stage of its own instead of growing one body.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const LIMIT = 80;

/** `file:line name (n lines)` for every function in `text` longer than `limit` lines. */
export function longFunctions(file: string, text: string, limit = LIMIT): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const long: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
      const lines = line(node.getEnd()) - line(node.getStart(source)) + 1;
      // an arrow or function expression is named by the variable or property that holds it
      const named = 'name' in node && node.name ? node : 'name' in node.parent ? node.parent : undefined;
      const name = (named as { name?: ts.Node } | undefined)?.name?.getText(source) ?? '(anonymous)';
      if (lines > limit) long.push(`${file}:${line(node.getStart(source)) + 1} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return long;
}

describe('function length in src/upgrade/', () => {
  it(`no function is longer than ${LIMIT} lines`, () => {
    const dir = path.join(ROOT, 'src/upgrade');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((f) => longFunctions(`src/upgrade/${f}`, readFileSync(path.join(dir, f), 'utf8')))).toEqual([]);
  });

  it('finds a long one, nested or not', () => {
    const body = Array.from({ length: LIMIT }, (_, i) => `  const x${i} = ${i};`).join('\n');
    const text = `export function outer() {\n  const inner = () => {\n${body}\n  };\n}\n`;
    expect(longFunctions('a.ts', text)).toEqual([`a.ts:1 outer (${LIMIT + 4} lines)`, `a.ts:2 inner (${LIMIT + 2} lines)`]);
    expect(longFunctions('a.ts', 'function short() {\n  return 1;\n}\n')).toEqual([]);
  });
});
