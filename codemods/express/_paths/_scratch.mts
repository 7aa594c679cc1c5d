import { readFileSync } from 'node:fs';
import { runTwice } from '../../../src/testing/rule-tester.ts';
import { routePathPack as pack } from './_one-rule-pack.ts';
import rule from '../route-path.ts';
const file = process.argv[2]; const opts = process.argv[3] ? JSON.parse(process.argv[3]) : {};
const run = runTwice(pack, rule, file, readFileSync(file, 'utf8'), opts);
console.log(run.output);
console.log(run.findings.map((f) => `${f.line}:${f.column} ${f.messageId} fixed=${f.fixed} ${f.confidence} ${f.message}`).join('\n'));
console.log('idempotent', run.secondOutput === run.output);
