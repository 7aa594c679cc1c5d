/**
 * `npm run realworld [-- <names…>] [--pack express|fastify] [--projects <file>] [--screen] [--kind target|control] [--shard k/n] [--steps baseline,test,upgrade] [--fresh]`, or
 * `npm run realworld -- --table <work dir>…` (the table of what runs left there)
 *
 * The proving ground: real projects rebuilt from pinned commits (a pack's table: bench/realworld/projects.json for
 * Express, bench/realworld/fastify/projects.json for Fastify; `--projects <file>` for a round's candidates), each
 * judged by an independent in-place run of its own tests. Per project:
 *   build     its commit from the local mirror, installed with its own package manager (cached per commit);
 *   baseline  its tests in place with the lockfile's old major, then in a copy switched to the new one (cached);
 *   test      `straddle test <pack>` on an untouched copy: must equal the baselines, and leave the copy as it was;
 *   upgrade   `straddle upgrade <pack>` on a fresh copy, then the independent check of that copy, in place,
 *             serially: the old major as installed, then the new one switched in by the package manager.
 * Prints one markdown table, the tallies and the upgrade reports' notes, and writes the full results to
 * .bench/realworld-<time>.json; each project's result is also kept in its folder (result.json), so that
 * `--table <work dir>…` prints the table of runs made in shards or in parts.
 * Environment: STRADDLE_BIN (default: this checkout's bin.js), STRADDLE_MIRRORS (the mirrors: <owner>+<name>/repo clones; default .bench/mirrors), STRADDLE_REALWORLD_DIR (default $TMPDIR/straddle-realworld).
 * One run at a time in a work folder: a second is refused while the first lives (shards each take a folder of their own).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import semver from 'semver';
import { lockWorkDir } from './_lock.ts';
import { countsDiffer, formatTable, summarize, type Outcome, type ProjectResult, type UpgradeOutcome } from './_compare.ts';
import { buildProject, changesIn, cleanEnv, copyProject, lintClean, runTests, sh, switchToNewMajor, type NewMajor } from './_project.ts';
import { missingCoverage, parseTable, selectProjects, type Project } from './_table.ts';
import { loadPack } from '../../src/packs.ts';

const root = path.resolve(import.meta.dirname, '../..');
// STRADDLE_BIN measures another build (e.g. the one before a change) with this runner
const builtBin = path.resolve(process.env.STRADDLE_BIN ?? path.join(root, 'bin.js'));
const STEPS = ['baseline', 'test', 'upgrade'] as const;
type Step = (typeof STEPS)[number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    steps: { type: 'string', default: STEPS.join(',') },
    fresh: { type: 'boolean', default: false },
    kind: { type: 'string' },
    shard: { type: 'string' },
    table: { type: 'boolean', default: false },
    pack: { type: 'string', default: 'express' },
    projects: { type: 'string' },
    // a round's condition 5 (SELECTION.md): a candidate whose own tests fail on the old major, or take more than
    // five minutes, goes no further
    screen: { type: 'boolean', default: false },
  },
});
// each pack's proving ground: its framework's package, the majors it spans, its types package, its table
const PACKS: Record<string, { name: string; old: number; types?: string; table: string; coverage: boolean }> = {
  express: { name: 'express', old: 4, types: '@types/express', table: 'projects.json', coverage: true },
  fastify: { name: 'fastify', old: 4, table: 'fastify/projects.json', coverage: false },
};
const pack = PACKS[values.pack!];
if (!pack) throw new Error(`Unknown pack '${values.pack}'. Packs: ${Object.keys(PACKS).join(', ')}.`);
const steps = new Set(values.steps!.split(',').filter(Boolean) as Step[]);
for (const step of steps) if (!STEPS.includes(step)) throw new Error(`Unknown step '${step}'. Steps: ${STEPS.join(', ')}.`);

const mirrors = process.env.STRADDLE_MIRRORS ?? path.join(import.meta.dirname, '../../.bench/mirrors');
// not under a dot-directory: jest's default testMatch globs do not cross one, so a suite there finds no tests
const workDir = process.env.STRADDLE_REALWORLD_DIR ?? path.join(os.tmpdir(), 'straddle-realworld');
const table = parseTable(await readFile(values.projects ?? path.join(import.meta.dirname, pack.table), 'utf8'));
const projects = values.table ? [] : selectProjects(table, { names: positionals, kind: values.kind, shard: values.shard });
// the coverage list is the Express table's (issue 9); another pack's ground states its own rule in its SELECTION.md
const missing = pack.coverage ? missingCoverage(table) : [];
if (missing.length) console.error(`The set lacks: ${missing.join('; ')}.`);

if (values.table) {
  // the rows a run (or several, in shards) left in their folders: `--table dir…`, in the table's order
  const found = await Promise.all(positionals.flatMap((dir) => table.map((project) => readFile(path.join(dir, `${project.name}@${project.commit.slice(0, 12)}`, 'result.json'), 'utf8').then((text) => JSON.parse(text) as ProjectResult, () => null))));
  const rows = table.map((project) => found.find((row) => row?.project.name === project.name)).filter((row): row is ProjectResult => !!row);
  console.log(formatTable(rows));
  console.log(`\n${summarize(rows)}`);
  process.exit(0);
}

await mkdir(workDir, { recursive: true });
lockWorkDir(workDir);
const latest = (spec: string) => execFileSync('npm', ['view', spec, 'version', '--json'], { encoding: 'utf8', env: cleanEnv() });
// the registry lists versions in publish order, not semver order
const newest = (spec: string) => semver.rsort([JSON.parse(latest(spec))].flat() as string[])[0]!;
// what the new major needs beside it, as the pack names it for the matrix (none for Express)
const companions = (await loadPack(values.pack!)).companions?.(pack.old + 1) ?? {};
const target: NewMajor = {
  name: pack.name,
  old: pack.old,
  version: newest(`${pack.name}@${pack.old + 1}`),
  ...(pack.types ? { types: { name: pack.types, version: newest(`${pack.types}@${pack.old + 1}`) } } : {}),
  ...(Object.keys(companions).length ? { companions } : {}),
};
// Builds before the vendored shim (0.1.0's first landing) installed it by name: give them this build's tarball, so a
// measurement never installs `straddle` from the registry, where nobody here owns the name. Newer builds ignore it.
const tarball = execFileSync('npm', ['pack', '--pack-destination', workDir, '--silent'], { cwd: path.dirname(builtBin), encoding: 'utf8', env: cleanEnv() }).trim().split('\n').at(-1)!;
const straddleEnv = cleanEnv({ STRADDLE_SHIM_SPEC: `file:${path.join(workDir, tarball)}` });
const straddleBin = await unpack(path.join(workDir, tarball), path.dirname(builtBin));
console.error(`${pack.name} ${target.version}${target.types ? `, ${target.types.name} ${target.types.version}` : ''}; ${projects.length} projects; straddle ${straddleBin}; work in ${workDir}`);

const results: ProjectResult[] = [];
for (const project of projects) {
  const result: ProjectResult = { project };
  results.push(result);
  const started = Date.now();
  try {
    await runProject(project, result);
  } catch (error) {
    result.error = (error as Error).message;
  }
  console.error(`${project.name}: ${result.error ? `error: ${result.error.split('\n')[0]}` : 'done'} in ${Math.round((Date.now() - started) / 1000)} s`);
  await writeFile(path.join(workDir, `${project.name}@${project.commit.slice(0, 12)}`, 'result.json'), `${JSON.stringify(result, null, 2)}\n`).catch(() => {});
}

console.log(formatTable(results));
console.log(`\n${summarize(results)}`);
await mkdir(path.join(root, '.bench'), { recursive: true });
const out = path.join(root, '.bench', `realworld-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(out, `${JSON.stringify({ pack: values.pack, target, results }, null, 2)}\n`);
console.error(`Full results: ${path.relative(process.cwd(), out)}`);

async function runProject(project: Project, result: ProjectResult): Promise<void> {
  const home = path.join(workDir, `${project.name}@${project.commit.slice(0, 12)}`);
  const log = (name: string) => path.join(home, `${name}.log`);
  console.error(`${project.name}: building ${project.repo}@${project.commit.slice(0, 12)}…`);
  const build = await buildProject(project, mirrors, workDir, values.fresh!);

  // a pack's companions change what "on the new major" installs: their baselines are not those of a run without them
  const cacheFile = path.join(home, `baselines-${target.version}${target.companions ? '-companions' : ''}.json`);
  const cached = values.fresh ? null : await readFile(cacheFile, 'utf8').then(JSON.parse, () => null) as Pick<ProjectResult, 'baseline4' | 'baseline5'> & { lint?: boolean } | null;
  let lintBefore = cached?.lint;
  if (cached) Object.assign(result, { baseline4: cached.baseline4, baseline5: cached.baseline5 });
  else if (steps.has('baseline') || steps.has('upgrade') || steps.has('test')) {
    console.error(`${project.name}: baseline on ${pack.name} ${pack.old} (in place) and ${target.version} (switched)…`);
    const copy = await copyProject(build, path.join(home, 'baseline'));
    result.baseline4 = await runTests(project, copy, log('baseline-4'));
    if (values.screen && (result.baseline4.exitCode !== 0 || result.baseline4.seconds > 300)) {
      throw new Error(`passes-on-4: exit ${result.baseline4.exitCode} in ${Math.round(result.baseline4.seconds)} s`);
    }
    lintBefore = await lintClean(project, copy);
    await switchToNewMajor(project, await copyProject(build, copy), target);
    result.baseline5 = await runTests(project, copy, log('baseline-5'));
    await writeFile(cacheFile, JSON.stringify({ baseline4: result.baseline4, baseline5: result.baseline5, lint: lintBefore }));
  }

  if (steps.has('test')) {
    console.error(`${project.name}: straddle test ${values.pack}…`);
    const copy = await copyProject(build, path.join(home, 'matrix'));
    const run = await sh(`node ${JSON.stringify(straddleBin)} test ${values.pack} . --json -- sh -c ${JSON.stringify(project.test)}`, copy, { env: straddleEnv, timeoutMs: 45 * 60_000 });
    await writeFile(log('straddle-test'), run.output);
    const report = parseJson(run.stdout) as { results?: MatrixResult[] } | null;
    [result.matrix4, result.matrix5] = [0, 1].map((i) => matrixOutcome(report?.results?.[i], run.output));
    const leaked = changesIn(copy);
    if (leaked.sourceFiles.length + leaked.testFiles.length + leaked.lockLines) {
      result.error = `straddle test changed the project: ${[...leaked.sourceFiles, ...leaked.testFiles].join(', ')}`;
    }
    // a count that differs from the baseline's: the project's own run once more, in a fresh copy, says whether its
    // suite's counts vary by themselves (a cached baseline may come from another day)
    for (const major of [4, 5] as const) {
      if (!countsDiffer(result[`matrix${major}`], result[`baseline${major}`])) continue;
      console.error(`${project.name}: straddle's count on ${major} differs from the baseline's: the baseline again…`);
      const again = await copyProject(build, path.join(home, 'baseline-again'));
      if (major === 5) await switchToNewMajor(project, again, target);
      (result.again ??= {})[`baseline${major}`] = await runTests(project, again, log(`baseline-${major}-again`));
    }
  }

  if (steps.has('upgrade')) {
    console.error(`${project.name}: straddle upgrade ${values.pack}…`);
    const copy = await copyProject(build, path.join(home, 'upgrade'));
    const run = await sh(`node ${JSON.stringify(straddleBin)} upgrade ${values.pack} . --json -- sh -c ${JSON.stringify(project.test)}`, copy, { env: straddleEnv, timeoutMs: 60 * 60_000 });
    await writeFile(log('straddle-upgrade'), run.output);
    result.upgrade = upgradeOutcome(run.exitCode, run.durationMs, parseJson(run.stdout), copy);
    console.error(`${project.name}: independent check after upgrade…`);
    // the new major gets its own copy of the result: caches the old major's run leaves in node_modules (a linter's) would
    // otherwise answer for it
    const copy5 = await copyProject(copy, path.join(home, 'upgrade-5'));
    result.after4 = await runTests(project, copy, log('after-4'));
    const lintAfter = await lintClean(project, copy);
    if (lintBefore !== undefined && lintAfter !== undefined) result.lint = { before: lintBefore, after: lintAfter };
    try {
      await switchToNewMajor(project, copy5, target);
      result.after5 = await runTests(project, copy5, log('after-5'));
    } catch (error) {
      // what upgrade left cannot even be installed on the new major (a prepare script that no longer compiles): a failure
      result.after5 = { exitCode: -1, counts: null, seconds: 0, problem: `${pack.name} ${pack.old + 1} install failed: ${(error as Error).message.slice(0, 200)}` };
    }
    // as for `test`: where the verdict's count differs from the check's, the check once more in the same copy
    for (const [major, dir] of [[4, copy], [5, copy5]] as const) {
      if (!countsDiffer(result.upgrade[`verdict${major}`], result[`after${major}`])) continue;
      console.error(`${project.name}: the upgrade's count on ${major} differs from the check's: the check again…`);
      (result.again ??= {})[`after${major}`] = await runTests(project, dir, log(`after-${major}-again`));
    }
  }
}

interface MatrixResult { ok: boolean; exitCode: number; counts: Outcome['counts']; durationMs: number; failure: string | null }

function matrixOutcome(r: MatrixResult | undefined, output: string): Outcome {
  if (!r) return { exitCode: -1, counts: null, seconds: 0, problem: `no report: ${output.trim().split('\n').at(-1) ?? ''}` };
  // straddle's verdict is `ok`, which also counts its proof and type check: a pass it calls failed is a failure
  return { exitCode: r.ok ? 0 : r.exitCode || 1, counts: r.counts, seconds: r.durationMs / 1000, ...(r.failure ? { problem: r.failure } : {}) };
}

interface UpgradeJson {
  stopReason: string;
  iterations: { versions: { ok: boolean; counts: Outcome['counts']; problem: string | null }[] }[];
  /** The fresh run of the tree as left (builds before it had only the iterations). */
  final?: { versions: { ok: boolean; counts: Outcome['counts']; problem: string | null }[] };
  notes?: string[];
}

function upgradeOutcome(exitCode: number, durationMs: number, report: unknown, copy: string): UpgradeOutcome {
  const json = report as UpgradeJson | null;
  const last = json?.final ?? json?.iterations.at(-1);
  const verdict = (i: number): Outcome | null => {
    const v = last?.versions[i];
    return v ? { exitCode: v.ok ? 0 : 1, counts: v.counts, seconds: 0, ...(v.problem ? { problem: v.problem } : {}) } : null;
  };
  return {
    exitCode,
    stopReason: json?.stopReason ?? `no report (exit ${exitCode})`,
    iterations: Math.max(0, (json?.iterations.length ?? 1) - 1),
    seconds: durationMs / 1000,
    verdict4: verdict(0),
    verdict5: verdict(1),
    ...changesIn(copy),
    notes: json?.notes ?? [],
  };
}

function parseJson(text: string): unknown {
  const start = text.indexOf('{');
  try {
    return start === -1 ? null : JSON.parse(text.slice(start));
  } catch {
    return null;
  }
}

/**
 * The run measures the packed build, unpacked where nothing else writes: a rebuild of the checkout while projects
 * run (an hour and more) would otherwise change the code under measurement between rows, or remove it mid-upgrade.
 * Its dependencies are the checkout's, linked.
 */
async function unpack(file: string, from: string): Promise<string> {
  const dir = path.join(workDir, `straddle-${Date.now()}`);
  await mkdir(dir, { recursive: true });
  execFileSync('tar', ['-xzf', file, '-C', dir, '--strip-components=1']);
  await symlink(path.join(from, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return path.join(dir, 'bin.js');
}
