/**
 * The upgrade loop's stages, each on its own, with the toy pack (widgetkit 1 → 2) on a small git project. The tests
 * run as a stand-in `measure` says, read off the tree: on widgetkit 2 each app file's test passes once the file uses
 * `status(…)` (or the text a `// passes-on-2: <text>` line names), and a file marked `// breaks-on-1` breaks widgetkit 1
 * once rewritten (or once it holds the text a `// breaks-on-1: <text>` line names). That is what lets each stage's
 * judgement be checked without running a real matrix (toy-pack.test.ts runs the whole loop on one).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPack, type Pack } from '../../src/index.ts';
import type { VersionResult } from '../../src/matrix/index.ts';
import { apply } from '../../src/upgrade/stages/apply.ts';
import { baseline } from '../../src/upgrade/stages/baseline.ts';
import { judge } from '../../src/upgrade/stages/judge.ts';
import { putBackIfNothingBetter } from '../../src/upgrade/stages/put-back.ts';
import { record } from '../../src/upgrade/stages/record.ts';
import { asLockfileSays, createContext, install, settled, type LoopContext, type LoopState, type Measure, type Tested } from '../../src/upgrade/stages/state.ts';
import { installChanged, installFrozen } from '../../src/upgrade/package-manager.ts';
import { dropUnneededTestEdits } from '../../src/upgrade/stages/test-edits.ts';
import { finalVerdict } from '../../src/upgrade/stages/verdict.ts';
import { Snapshot } from '../../src/upgrade/snapshot.ts';
import type { UpgradeOptions } from '../../src/upgrade/types.ts';

const APP = (name: string) => `const wk = require('widgetkit');\n\nexports.${name} = () => wk.render('${name}', 201);\n`;
const MARK = '// breaks-on-1\n';

let pack: Pack<Set<string>>;
beforeAll(async () => {
  pack = await loadPack(path.join(import.meta.dirname, 'pack/index.js'));
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'straddle-stages-'));
  const all = { 'package.json': '{ "name": "toy", "private": true, "scripts": { "test": "node test.js" } }\n', ...files };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'toy');
  return dir;
}

function result(requested: string, passed: number, failed: number, counted = true, failedTests: string[] | null = null): VersionResult {
  return {
    requested,
    resolved: `${requested}.0.0`,
    source: requested === '1' ? 'project' : 'swapped',
    loaded: null,
    loadedAll: [],
    ok: failed === 0,
    exitCode: failed ? 1 : 0,
    counts: counted ? { passed, failed, skipped: 0 } : null,
    countedBy: counted ? 'runner' : null,
    failedTests,
    durationMs: 1,
    output: failed && requested === '2' ? 'TypeError: render() takes one argument' : '',
    failure: null,
    note: null,
  };
}

/**
 * The stand-in run: one test per app file (`*.js` outside the tests), on widgetkit 1 and 2, as described above. With
 * `flaky`, widgetkit 1 also runs a test named 'flaky' that fails in the runs (counted from 0) it names, and failures are
 * named.
 */
function fakeMeasure(dir: string, runs: number[], { counted = true, flaky }: { counted?: boolean; flaky?: number[] } = {}) {
  return async (index: number, _phase?: string, how?: Measure): Promise<Tested> => {
    const flakes = !!flaky?.includes(runs.length);
    runs.push(index);
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean);
    const apps = files.filter((f) => f.endsWith('.js') && f !== 'test.js' && !f.startsWith('test/'));
    const text = (f: string) => readFileSync(path.join(dir, f), 'utf8');
    // the code, without the marks: a mark's text is what the code must come to hold
    const code = (f: string) => text(f).replace(/^\/\/ (breaks-on-1|passes-on-2)\b.*$/gm, '');
    const holds = (f: string, mark: string) => {
      const named = new RegExp(`^// ${mark}(?:: (.+))?$`, 'm').exec(text(f));
      return !!named && code(f).includes(named[1] ?? '.status(');
    };
    const fixed = apps.filter((f) => code(f).includes('.status(') || holds(f, 'passes-on-2'));
    const broken = apps.filter((f) => holds(f, 'breaks-on-1'));
    const failing1 = [...broken, ...(flakes ? ['flaky'] : [])];
    const failing2 = apps.filter((f) => !fixed.includes(f));
    const names = (list: string[]) => (flaky ? list : null);
    const passing1 = apps.length - broken.length + (flaky && !flakes ? 1 : 0);
    const results = [result('1', passing1, failing1.length, counted, names(failing1)), result('2', fixed.length, failing2.length, counted, names(failing2))].map((r) =>
      how?.only && !how.only.includes(r.requested) ? { ...r, ok: false, counts: null, failedTests: null, notRun: true as const } : r,
    );
    return { matrix: { packageName: 'widgetkit', cwd: dir, command: ['node', 'test.js'], ok: results.every((r) => r.ok), durationMs: 1, results, failingOnAll: [] }, warnings: [], files };
  };
}

async function setUp(files: Record<string, string>, options: Partial<UpgradeOptions> = {}, measureOptions: Parameters<typeof fakeMeasure>[2] = {}) {
  const dir = project(files);
  const runs: number[] = [];
  const real = await createContext(pack, { cwd: dir, ...options });
  real.dispose();
  const ctx: LoopContext = { ...real, measure: fakeMeasure(dir, runs, measureOptions) };
  return { dir, ctx, runs, state: await baseline(ctx) };
}

/** One whole iteration: apply, the stand-in run, judge, record. */
async function iterate(ctx: LoopContext, state: LoopState, index: number) {
  const snapshot = await Snapshot.take(ctx.cwd, ctx.vendored);
  const applied = await apply(ctx, state, index, snapshot);
  if (!applied) return null;
  const judged = await judge(ctx, state, index, snapshot, applied, await ctx.measure(index));
  return { applied, judged, iteration: record(ctx, state, index, applied, judged) };
}

describe('baseline', () => {
  it('measures the project as it is: iteration 0, its diagnosis, and the new major still a target', async () => {
    const events: string[] = [];
    const { state, runs } = await setUp({ 'a.js': APP('a'), 'test.js': '' }, { onEvent: (e) => events.push(`${e.type} ${e.index}`) });
    expect(runs).toEqual([0]);
    expect(events).toEqual(['iteration-start 0', 'tested 0']);
    expect(state.iterations.map((i) => [i.index, i.versions.map((v) => v.ok)])).toEqual([[0, [true, false]]]);
    expect(state.diagnosis.versions[1]!.failures.map((f) => f.ruleId)).toEqual(['render-status']);
    expect(settled(state)).toBe(false);
  });

  it('--no-test-edits: test files are excluded from the start', async () => {
    const { state } = await setUp({ 'a.js': APP('a'), 'test/a.test.js': APP('t') }, { testEdits: false });
    expect([...state.excluded]).toEqual(['test/a.test.js']);
  });
});

describe('apply', () => {
  it("rewrites with the pack's rules and says which", async () => {
    const { ctx, state, dir } = await setUp({ 'a.js': APP('a') });
    const applied = await apply(ctx, state, 1, await Snapshot.take(ctx.cwd, ctx.vendored));
    expect(applied).toMatchObject({ changed: ['a.js'], toolchainRules: [], trial: false });
    expect(applied!.changes.map((c) => c.what)).toEqual(['rewrote into forms that behave the same on both majors: render-status']);
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toContain("wk.status(201).render('a')");
  });

  it('puts back what it wrote into an excluded file, and with nothing else to change is stuck (null)', async () => {
    const { ctx, state, dir } = await setUp({ 'a.js': APP('a') });
    state.excluded.add('a.js');
    expect(await apply(ctx, state, 1, await Snapshot.take(ctx.cwd, ctx.vendored))).toBeNull();
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toBe(APP('a'));
  });
});

describe('judge and record', () => {
  it('keeps an iteration that makes nothing worse, and records it as the accepted state, committed when asked', async () => {
    const { ctx, state, dir } = await setUp({ 'a.js': APP('a') }, { commit: true });
    const { judged, iteration } = (await iterate(ctx, state, 1))!;
    expect(judged.reverted).toBeNull();
    expect(iteration).toMatchObject({ index: 1, committed: true });
    expect(iteration.versions.map((v) => v.ok)).toEqual([true, true]);
    expect(state.accepted).toBe(judged.tested);
    expect(settled(state)).toBe(true);
    expect(execFileSync('git', ['log', '-1', '--format=%B'], { cwd: dir, encoding: 'utf8' })).toMatch(/^straddle upgrade widgetkit: iteration 1\n\n- rewrote into forms/);
  });

  it('narrows a change that made the old major worse to the half that did not, and excludes the rest', async () => {
    const { ctx, state, dir, runs } = await setUp({ 'a.js': APP('a'), 'b.js': MARK + APP('b') });
    const asked: Array<Measure | undefined> = [];
    const measure = ctx.measure;
    ctx.measure = (index, phase, how) => (asked.push(how), measure(index, phase, how));
    const { judged, iteration } = (await iterate(ctx, state, 1))!;
    expect(runs).toEqual([0, 1, 1, 1, 1]); // the iteration, the kept state again, then each half
    // the kept state again on the old major only, the halves there first
    expect(asked.map((how) => [how?.only, how?.first])).toEqual([[undefined, undefined], [['1'], undefined], [undefined, ['1']], [undefined, ['1']]]);
    expect(judged.reverted?.files).toEqual(['b.js']);
    expect(judged.reverted?.because[0]).toBe('1 (1.0.0): passed before, fails now');
    expect([...state.excluded]).toEqual([]);
    expect([...state.excludedRules]).toEqual([['b.js', new Set(['render-status'])]]);
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toContain('.status(201)');
    expect(readFileSync(path.join(dir, 'b.js'), 'utf8')).toBe(MARK + APP('b'));
    expect(iteration.versions.map((v) => v.counts?.passed)).toEqual([2, 1]);
  });

  it("keeps a change whose only failure is one the kept state shows in a run of its own, and learns it is flaky", async () => {
    // the baseline passes 'flaky'; the iteration's run fails it; so does the kept state run again
    const { ctx, state, dir, runs } = await setUp({ 'a.js': APP('a') }, {}, { flaky: [1, 2] });
    const { judged } = (await iterate(ctx, state, 1))!;
    expect(runs).toEqual([0, 1, 1]);
    expect(judged.reverted).toBeNull();
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toContain('.status(201)');
    expect([...state.flaky]).toEqual(['1\0flaky']);
    expect(state.notes).toEqual([expect.stringMatching(/variance\): 1: flaky$/)]);
    // only the major that did worse ran again
    expect(state.again?.results.map((r) => r.notRun ?? false)).toEqual([false, true]);
  });

  it('puts back a change whose failure the kept state does not show again, and runs that state again only once', async () => {
    const { ctx, state, dir, runs } = await setUp({ 'a.js': APP('a') }, {}, { flaky: [1, 3] });
    const first = (await iterate(ctx, state, 1))!;
    expect(first.judged.reverted?.because.slice(0, 2)).toEqual(['1 (1.0.0): passed before, fails now', '1 (1.0.0): 1 fewer tests pass (2 → 1)']);
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toBe(APP('a'));
    expect(state.flaky.size).toBe(0);
    // a second change that does worse on the same major is judged against the same kept state's two runs: no third
    const snapshot = await Snapshot.take(ctx.cwd, ctx.vendored);
    writeFileSync(path.join(dir, 'b.js'), `${MARK}const wk = require('widgetkit');\nwk.status(201);\n`);
    const applied = { changes: [{ what: 'added', files: ['b.js'] }], changed: ['b.js'], toolchainRules: [], trial: false, rulesByFile: new Map() };
    const judged = await judge(ctx, state, 2, snapshot, applied, await ctx.measure(2));
    expect(judged.reverted?.files).toEqual(['b.js']);
    expect(runs).toEqual([0, 1, 1, 2]);
  });
});

describe('the ratchet excludes rules in a file, not the file', () => {
  // a plugin whose render rewrite breaks widgetkit 1, and whose declared range (a low-confidence rewrite) is what
  // widgetkit 2 refuses
  const PLUGIN = [
    '// breaks-on-1: wk.status(',
    "// passes-on-2: '1.x || 2.x'",
    "const wk = require('widgetkit');",
    '',
    "exports.page = () => wk.render('page', 201);",
    "exports.plugin = wk.plugin((app) => app, { widgetkit: '1.x' });",
    '',
  ].join('\n');

  it('after a put-back, another rule (the low-confidence trial) still fixes the file, and the put-back rule stays out of it', async () => {
    const { ctx, state, dir } = await setUp({ 'plugin.js': PLUGIN });
    const first = (await iterate(ctx, state, 1))!;
    expect(first.judged.reverted?.files).toEqual(['plugin.js']);
    expect(readFileSync(path.join(dir, 'plugin.js'), 'utf8')).toBe(PLUGIN);

    const second = (await iterate(ctx, state, 2))!;
    expect(second.applied.trial).toBe(true);
    expect(second.applied.changes.map((c) => c.what)).toEqual([expect.stringMatching(/^tried the low-confidence rewrites .*: plugin-range$/)]);
    expect(second.judged.reverted).toBeNull();
    const text = readFileSync(path.join(dir, 'plugin.js'), 'utf8');
    expect(text).toContain("{ widgetkit: '1.x || 2.x' }");
    expect(text).toContain("wk.render('page', 201)");
    expect(second.iteration.versions.map((v) => v.ok)).toEqual([true, true]);
    expect(await iterate(ctx, state, 3)).toBeNull();
  });

  it('a file changed by no rule (nothing to name) is still excluded whole', async () => {
    const { ctx, state } = await setUp({ 'plugin.js': PLUGIN });
    const snapshot = await Snapshot.take(ctx.cwd, ctx.vendored);
    writeFileSync(path.join(ctx.cwd, 'plugin.js'), `${PLUGIN}wk.status(200);\n`);
    const applied = { changes: [{ what: 'wired', files: ['plugin.js'] }], changed: ['plugin.js'], toolchainRules: [], trial: false, rulesByFile: new Map() };
    const judged = await judge(ctx, state, 1, snapshot, applied, await ctx.measure(1));
    expect(judged.reverted?.files).toEqual(['plugin.js']);
    expect([...state.excluded]).toEqual(['plugin.js']);
    expect(state.excludedRules.size).toBe(0);
  });
});

describe('the end of the loop', () => {
  it('puts every change back when nothing got better, and says why', async () => {
    const { ctx, state, dir } = await setUp({ 'a.js': APP('a') });
    writeFileSync(path.join(dir, 'a.js'), `${APP('a')}// touched\n`);
    const putBack = await putBackIfNothingBetter(ctx, state);
    expect(putBack).toEqual({ files: ['a.js'], because: ['no test passes now that did not pass before, on either major: nothing was worth keeping'] });
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toBe(APP('a'));
  });

  it('keeps changes no run could count, with a note, rather than call them useless', async () => {
    const { ctx, state, dir } = await setUp({ 'a.js': APP('a') }, {}, { counted: false });
    writeFileSync(path.join(dir, 'a.js'), `${APP('a')}// touched\n`);
    expect(await putBackIfNothingBetter(ctx, state)).toBeNull();
    expect(state.notes).toEqual([expect.stringMatching(/^kept the changes although no test could be counted on 2 \(2\.0\.0\)/)]);
  });

  it('takes back a test-file edit no test needs', async () => {
    const { ctx, state, dir } = await setUp({ 'a.js': APP('a'), 'test/a.test.js': '// a test\n' });
    await iterate(ctx, state, 1);
    writeFileSync(path.join(dir, 'test/a.test.js'), '// a test, edited\n');
    await dropUnneededTestEdits(ctx, state);
    expect(readFileSync(path.join(dir, 'test/a.test.js'), 'utf8')).toBe('// a test\n');
    expect(state.notes).toEqual(['took back the changes to test/a.test.js: every test does as well without them']);
  });

  it("installs from the lockfile before the verdict only where the loop's last install was not already that", async () => {
    const lock = '{ "name": "toy", "lockfileVersion": 3, "requires": true, "packages": { "": { "name": "toy" } } }\n';
    const { ctx, state, dir } = await setUp({ 'a.js': APP('a'), 'package-lock.json': lock });
    expect(asLockfileSays(ctx, state)).toBe(true);
    // an install that changed what package.json declares (a toolchain fix)…
    state.installed = true;
    expect(asLockfileSays(ctx, state)).toBe(false);
    // …then put back with the lockfile's own install (npm ci): node_modules is as the lockfile says again
    install(ctx, state, installFrozen);
    expect(asLockfileSays(ctx, state)).toBe(true);
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "toy", "private": true, "scripts": { "test": "node test.js" }, "dependencies": {} }\n');
    expect(asLockfileSays(ctx, state)).toBe(false);
  });

  it('installs a project that keeps no lockfile from package.json, writes it none, and takes that for as the lockfile says', async () => {
    const { ctx, state, dir } = await setUp({ 'a.js': APP('a') });
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "toy", "private": true, "scripts": { "test": "node test.js" }, "dependencies": {} }\n');
    install(ctx, state, installChanged);
    expect(asLockfileSays(ctx, state)).toBe(true);
    install(ctx, state, installFrozen);
    expect(existsSync(path.join(dir, 'package-lock.json'))).toBe(false);
    expect(asLockfileSays(ctx, state)).toBe(true);
  });

  it('the verdict of an untouched tree is iteration 0 itself; of a changed tree, a run of its own', async () => {
    const untouched = await setUp({ 'a.js': APP('a') });
    expect(await finalVerdict(untouched.ctx, untouched.state)).toMatchObject({ ok: false, ranAgain: false });
    expect(untouched.runs).toEqual([0]);

    const changed = await setUp({ 'a.js': APP('a') });
    await iterate(changed.ctx, changed.state, 1);
    changed.state.stopReason = 'green';
    // what the fresh run sees is what counts: the tree went back behind the loop's back
    writeFileSync(path.join(changed.dir, 'a.js'), `${APP('a')}// touched\n`);
    const verdict = await finalVerdict(changed.ctx, changed.state);
    expect(changed.runs).toEqual([0, 1, 2]);
    expect(verdict).toMatchObject({ ok: false, ranAgain: true });
    expect(changed.state.stopReason).toBe('stuck');
    expect(changed.state.notes).toEqual(['the fresh run of the final tree does not reproduce iteration 1 (1 passes (1 passed, 0 failed), 2 passes (1 passed, 0 failed)): 1 passes (1 passed, 0 failed), 2 fails (0 passed, 1 failed)']);
  });
});
