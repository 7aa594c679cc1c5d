/**
 * One measurement in a fresh process (so peak memory and warm caches are its own): prints one JSON line.
 *   parse <dir>        read + parse every source file once with the TypeScript parser, main thread (floor (a))
 *   straddle <dir> [jobs]  `straddle fix --dry-run` with every rule, as the CLI runs it (built dist/)
 *   jscodeshift <dir> <sample> <transforms>  what peers do: per transform, parse + find + print each file
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { discoverFiles } from '../src/engine/discover.ts';
import { parseSource } from '../src/engine/parse.ts';

const [mode, dir, arg1, arg2] = process.argv.slice(2) as [string, string, string?, string?];
const files = await discoverFiles(dir);
const started = performance.now();
let extra: Record<string, unknown> = {};

if (mode === 'parse') {
  let nodes = 0;
  for (const file of files) nodes += parseSource(file, readFileSync(file, 'utf8')).statements.length;
  extra = { statements: nodes };
} else if (mode === 'straddle') {
  // the built engine, so files spread over worker threads exactly as `straddle fix` does
  const { runPack, loadPack } = (await import(path.resolve('dist/index.js'))) as typeof import('../src/index.ts');
  const report = await runPack(await loadPack('express'), { cwd: dir, fix: true, dryRun: true, files, jobs: arg1 === undefined ? undefined : Number(arg1) });
  extra = { parsed: report.parsed, findings: report.findings.length, changed: report.changed.length };
} else if (mode === 'jscodeshift') {
  const { default: jscodeshift } = await import('jscodeshift');
  const j = jscodeshift.withParser('tsx');
  const sample = files.filter((_, i) => i % Math.ceil(files.length / Number(arg1)) === 0);
  const methods = [['del'], ['send', 'json', 'jsonp'], ['param']].slice(0, Number(arg2));
  for (const names of methods) {
    for (const file of sample) {
      const root = j(readFileSync(file, 'utf8'));
      root
        .find(j.CallExpression)
        .filter((p) => p.node.callee.type === 'MemberExpression' && p.node.callee.property.type === 'Identifier' && names.includes(p.node.callee.property.name))
        .forEach(() => undefined);
      root.toSource();
    }
  }
  extra = { sample: sample.length, transforms: methods.length };
}

const ms = performance.now() - started;
const cpu = process.cpuUsage();
console.log(JSON.stringify({ mode, files: files.length, ms, cpuMs: Math.round((cpu.user + cpu.system) / 1000), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), ...extra, ts: ts.version }));
