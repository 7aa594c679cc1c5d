import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { runTwice } from '../../../src/testing/rule-tester.ts';
import { routePathPack as pack } from './_one-rule-pack.ts';
import rule from '../route-path.ts';
const dir = 'fixtures/express/route-path/';
for (const f of process.argv.slice(2)) {
  const m = /^(.+)\.input\.(\w+)$/.exec(f)!;
  const optsFile = `${dir}${m[1]}.options.json`;
  const opts = existsSync(optsFile) ? JSON.parse(readFileSync(optsFile, 'utf8')) : {};
  const input = readFileSync(dir + f, 'utf8');
  const run = runTwice(pack, rule, dir + f, input, opts);
  if (run.output !== input) writeFileSync(`${dir}${m[1]}.output.${m[2]}`, run.output);
  console.log(f, run.output !== input ? 'written' : 'unchanged', 'idempotent', run.secondOutput === run.output);
  console.log(run.findings.map((x) => `  ${x.line} ${x.messageId} fixed=${x.fixed} ${x.confidence}`).join('\n'));
}
