import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { withSourcePositions } from './source-positions.ts';

// what `tsc` with outDir dist/ writes for src/pages.ts: the redirect moves from line 5 to the line LINE finds
const SOURCE = `interface Reply {
  redirect(to: string, status: number): void;
}
export function moved(res: Reply, to: string): void {
  res.redirect(to, 301);
}
`;

function compiled(options: ts.CompilerOptions): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'straddle-positions-'));
  mkdirSync(path.join(root, 'dist'));
  const out = ts.transpileModule(SOURCE, { fileName: 'pages.ts', compilerOptions: { module: ts.ModuleKind.CommonJS, sourceRoot: '../src', ...options } });
  writeFileSync(path.join(root, 'dist/pages.js'), out.outputText);
  if (out.sourceMapText) writeFileSync(path.join(root, 'dist/pages.js.map'), out.sourceMapText);
  return root;
}
const LINE = ts.transpileModule(SOURCE, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText.split('\n').findIndex((l) => l.includes('res.redirect')) + 1;

describe('withSourcePositions', () => {
  it('gives a frame of a compiled file its source position, from a map file or an inline one, absolute or relative', () => {
    for (const options of [{ sourceMap: true }, { inlineSourceMap: true }]) {
      const root = compiled(options);
      const output = `TypeError: Invalid status code: "/pricing"\n    at moved (${root}/dist/pages.js:${LINE}:9)\n    at Context.<anonymous> (dist/pages.js:${LINE}:9)\n`;
      expect(withSourcePositions(output, root)).toBe(
        `TypeError: Invalid status code: "/pricing"\n    at moved (${root}/dist/pages.js:${LINE}:9) (src/pages.ts:5:7)\n    at Context.<anonymous> (dist/pages.js:${LINE}:9) (src/pages.ts:5:7)\n`,
      );
      expect(withSourcePositions(`    at ${pathToFileURL(path.join(root, 'dist/pages.js'))}:${LINE}:9\n`, root)).toContain('(src/pages.ts:5:7)');
    }
  });

  it('leaves frames alone with no map, outside the project, in node_modules, or in the sources themselves', () => {
    const root = compiled({});
    mkdirSync(path.join(root, 'node_modules'));
    const output = [`at moved (${root}/dist/pages.js:7:9)`, 'at f (/elsewhere/dist/pages.js:7:9)', `at g (${root}/node_modules/x/index.js:1:1)`, `at h (${root}/src/pages.ts:4:7)`].join('\n');
    expect(withSourcePositions(output, root)).toBe(output);
  });
});
