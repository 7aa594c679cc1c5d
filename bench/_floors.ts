/**
 * The floors `npm run bench` measures straddle against, one per process (see _command.ts, which bundles this file
 * and runs it the way it runs the CLI). Prints one `EXTRA {json}` line on stderr with what it did.
 *   parse <dir>              discover the files as straddle does, read and parse each once with the same TypeScript
 *                            parser, loaded the same way, in one thread: the floor (a)
 *   babel <dir>              the same files parsed once each with @babel/parser (what Babel-based tools start from)
 *   jscodeshift <dir> <sample> <transforms>  what peers do: per transform, parse + find + print each sampled file
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type TypeScript from 'typescript';
import { discoverFiles } from '../src/engine/discover.ts';

const [mode, dir, arg1, arg2] = process.argv.slice(2) as [string, string, string?, string?];
let extra: Record<string, unknown> = {};
process.on('exit', () => process.stderr.write(`EXTRA ${JSON.stringify(extra)}\n`));

if (mode === 'parse') {
  const ts: typeof TypeScript = createRequire(import.meta.url)('typescript');
  const kinds: Record<string, TypeScript.ScriptKind> = { '.ts': ts.ScriptKind.TS, '.tsx': ts.ScriptKind.TSX, '.jsx': ts.ScriptKind.JSX };
  const files = await discoverFiles(dir);
  let statements = 0;
  for (const file of files) {
    const kind = kinds[path.extname(file)] ?? ts.ScriptKind.JS;
    statements += ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, kind).statements.length;
  }
  extra = { files: files.length, statements };
} else if (mode === 'babel') {
  const { parse } = await import('@babel/parser');
  const files = await discoverFiles(dir);
  let statements = 0;
  for (const file of files) {
    const plugins: NonNullable<Parameters<typeof parse>[1]>['plugins'] = /\.[cm]?tsx?$/.test(file) ? ['typescript'] : [];
    if (/x$/.test(file)) plugins.push('jsx');
    try {
      statements += parse(readFileSync(file, 'utf8'), { sourceType: 'unambiguous', plugins, errorRecovery: true }).program.body.length;
    } catch {
      // what Babel cannot parse costs it the same attempt
    }
  }
  extra = { files: files.length, statements };
} else if (mode === 'jscodeshift') {
  const { default: jscodeshift } = await import('jscodeshift');
  const j = jscodeshift.withParser('tsx');
  const files = await discoverFiles(dir);
  const sample = files.filter((_, i) => i % Math.ceil(files.length / Number(arg1)) === 0);
  const methods = [['del'], ['send', 'json', 'jsonp'], ['param']].slice(0, Number(arg2));
  const started = performance.now();
  for (const names of methods) {
    for (const file of sample) {
      let root: ReturnType<typeof j>;
      try {
        root = j(readFileSync(file, 'utf8'));
      } catch {
        continue; // babel rejects what TypeScript's parser accepts (a redeclared const): not ours to time
      }
      root
        .find(j.CallExpression)
        .filter((p) => p.node.callee.type === 'MemberExpression' && p.node.callee.property.type === 'Identifier' && names.includes(p.node.callee.property.name))
        .forEach(() => undefined);
      root.toSource();
    }
  }
  extra = { sample: sample.length, transforms: methods.length, workMs: performance.now() - started };
}
