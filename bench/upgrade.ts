/**
 * `npm run bench:upgrade`: what `straddle upgrade` costs against one plain two-major run of the same suite
 * (`straddle test` on the project as it is), on the bundled apps, in one run. Each app is checked out (installed)
 * twice, once per measurement, so neither sees the other's copies or writes. Per app: the upgrade's iterations, how
 * many runs of the suite it made and in which phase, its wall time against the plain run's, and how much of it was
 * the suites themselves and how much the private copies (made with the swap, or refreshed where the loop reuses
 * them); the rest is fixes, diagnosis and starting processes. Issue 21's goal for the loop: upgrade ≤ (iterations ×
 * 0.3 + 1.3) × the plain run.
 *
 *   tsx bench/upgrade.ts [--apps a,b]      default: every app in fixtures/apps
 */
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pack from '../codemods/express/index.ts';
import { runMatrix, type MatrixEvent } from '../src/matrix/index.ts';
import { checkout, REPO_ROOT } from '../src/matrix/_test-support.ts';
import { runUpgrade } from '../src/upgrade/loop.ts';

const { values } = parseArgs({ options: { apps: { type: 'string' } } });
const apps = values.apps?.split(',') ?? (await readdir(path.join(REPO_ROOT, 'fixtures/apps'))).sort();

/** The suites' own time in a series of matrix events (each version's run, from its result), and their copies'. */
function suiteMs(events: readonly MatrixEvent[]): number {
  return events.reduce((sum, event) => sum + (event.type === 'done' ? event.result.durationMs : 0), 0);
}
function copiesMs(events: readonly MatrixEvent[]): number {
  return events.reduce((sum, event) => sum + (event.type === 'done' ? (event.setupMs ?? 0) : 0), 0);
}

interface Timed {
  ms: number;
  suites: number;
  copies: number;
}

async function plainRun(dir: string): Promise<Timed> {
  const events: MatrixEvent[] = [];
  const started = performance.now();
  const report = await runMatrix({ cwd: dir, packageName: pack.packageName, versions: [pack.versions.old, pack.versions.new], onProgress: (event) => events.push(event) });
  const failure = report.results.find((result) => result.failure);
  if (failure) throw new Error(`the plain run could not be trusted in ${dir}: ${failure.failure}`);
  return { ms: performance.now() - started, suites: suiteMs(events), copies: copiesMs(events) };
}

async function upgrade(dir: string) {
  const events: MatrixEvent[] = [];
  /** runs of one version's suite, by phase ("as it is", "iteration 2", "final verdict", …) */
  const runs = new Map<string, number>();
  const started = performance.now();
  const report = await runUpgrade(pack, {
    cwd: dir,
    onEvent: (event) => {
      if (event.type !== 'matrix') return;
      events.push(event.event);
      const phase = event.phase.replace(/^iteration \d+$/, 'iterations');
      if (event.event.type === 'done') runs.set(phase, (runs.get(phase) ?? 0) + 1);
    },
  });
  return { ms: performance.now() - started, suites: suiteMs(events), copies: copiesMs(events), runs, iterations: report.iterations.length - 1, ok: report.ok };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const timed = (t: Timed) => `${seconds(t.ms)} (suites ${seconds(t.suites)}, copies ${seconds(t.copies)})`;
console.log(`node ${process.version}, ${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(1)}\n`);
const rows: string[] = [];
for (const app of apps) {
  const from = path.join(REPO_ROOT, 'fixtures/apps', app);
  const [plainDir, upgradeDir] = [await checkout(from), await checkout(from)];
  try {
    const plain = await plainRun(plainDir);
    const up = await upgrade(upgradeDir);
    const ratio = up.ms / plain.ms;
    const bound = up.iterations * 0.3 + 1.3;
    const runs = [...up.runs].map(([phase, count]) => `${phase} ${count}`).join(', ');
    rows.push(
      `| ${app} | ${up.iterations} | ${up.ok ? 'green' : 'not green'} | ${runs} | ${timed(plain)} | ${timed(up)} | ${ratio.toFixed(2)}× | ${bound.toFixed(1)}× | ${ratio <= bound ? 'yes' : 'no'} |`,
    );
  } finally {
    for (const dir of [plainDir, upgradeDir]) await rm(path.dirname(dir), { recursive: true, force: true });
  }
}
console.log('| app | iterations | upgrade ends | suite runs (one version each), by phase | plain two-major run | upgrade | ratio | goal | within |');
console.log('|---|---|---|---|---|---|---|---|---|');
console.log(rows.join('\n'));
