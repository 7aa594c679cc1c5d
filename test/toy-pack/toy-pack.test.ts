/**
 * A pack for a made-up framework (widgetkit 1 → 2, in ./pack) loaded by path, as a pack outside straddle is: its
 * rules on their fixtures, then scan and fix through the built CLI (on worker threads too), the matrix and the
 * upgrade loop over the framework's two majors, served from this folder by a registry on localhost. Nothing in
 * src/ knows widgetkit: this passing is the proof that the engine holds no framework knowledge.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPack, packSource, runPack, type Pack } from '../../src/index.ts';
import { runMatrix } from '../../src/matrix/index.ts';
import { declaredFindings, expectedFindingsOf, runTwice } from '../../src/testing/rule-tester.ts';
import { runUpgrade } from '../../src/upgrade/loop.ts';
import { serveRegistry, type LocalRegistry } from './_registry.ts';

const HERE = import.meta.dirname;
const REPO = path.resolve(HERE, '../..');
const PACK = path.relative(REPO, path.join(HERE, 'pack/index.js'));
const BIN = path.join(REPO, 'bin.js');

const APP = "const wk = require('widgetkit');\n\nexports.created = () => wk.render('made', 201);\n";
const TEST = `const assert = require('assert');
const app = require('./app');
try {
  assert.deepStrictEqual(app.created(), { status: 201, body: 'made' });
  console.log('1 passing');
} catch (error) {
  console.log('0 passing\\n1 failing');
  console.error(error.message);
  process.exit(1);
}
`;

/**
 * A git project using widgetkit 1, as its own install left it: `extra` files beside app.js and its test, and
 * `modules` (package folders of this one, by name) installed beside widgetkit.
 */
function toyProject(extra: Record<string, string> = {}, modules: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'straddle-toy-'));
  const packageJson = { name: 'toy-app', version: '1.0.0', private: true, scripts: { test: 'node test.js' }, dependencies: { widgetkit: '^1.0.0' } };
  const files = { 'package.json': `${JSON.stringify(packageJson, null, 2)}\n`, 'app.js': APP, 'test.js': TEST, ...extra };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  writeFileSync(path.join(dir, 'package-lock.json'), '{ "name": "toy-app", "lockfileVersion": 3, "packages": {} }\n');
  for (const [name, folder] of Object.entries({ widgetkit: 'widgetkit-1', ...modules })) cpSync(path.join(HERE, folder), path.join(dir, 'node_modules', name), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'toy app');
  return dir;
}

const straddle = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
/** The CLI without blocking this process, which serves the registry the CLI installs from. */
function straddleAsync(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
      resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

let pack: Pack<Set<string>>;
beforeAll(async () => {
  pack = await loadPack(PACK);
});

describe('the toy pack, loaded by path', () => {
  it('loads from a path relative to the working directory and remembers where, for workers', () => {
    expect(pack.id).toBe('widgetkit');
    expect(packSource(pack)).toBe(new URL('pack/index.js', `file://${HERE}/`).href);
  });

  const fixtures = path.join(HERE, 'fixtures');
  for (const ruleId of readdirSync(fixtures)) {
    for (const input of readdirSync(path.join(fixtures, ruleId)).filter((f) => f.endsWith('.input.js'))) {
      it(`${ruleId}: ${input.replace('.input.js', '')}`, () => {
        const rule = pack.rules.find((r) => r.id === ruleId)!;
        const code = readFileSync(path.join(fixtures, ruleId, input), 'utf8');
        // a low-confidence fix applies where the case says so (`<case>.options.json`), as the upgrade loop's trial does
        const optionsFile = path.join(fixtures, ruleId, input.replace('.input.js', '.options.json'));
        const run = runTwice(pack, rule, input, code, existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {});
        expect(run.output).toBe(readFileSync(path.join(fixtures, ruleId, input.replace('.input.', '.output.')), 'utf8'));
        expect(run.secondOutput).toBe(run.output);
        // each finding is the rule's; a rewrite exactly where the output differs, a report where the rule cannot fix
        expect(run.findings.every((f) => f.ruleId === ruleId)).toBe(true);
        expect(run.findings.length > 0).toBe(code !== run.output || rule.meta.kind === 'report');
        // and each is declared, message id, line and column, in <case>.findings.json (none without one)
        expect(expectedFindingsOf(run.findings)).toEqual(declaredFindings(path.join(fixtures, ruleId, input.replace('.input.js', '.findings.json'))));
      });
    }
  }
});

describe('the toy pack through the CLI and the engine', () => {
  it('scan by path: the rules report where their sites are, with the pack id and docs of the pack', () => {
    const dir = toyProject({ 'stop.js': "const wk = require('widgetkit');\nwk.destroy();\n" });
    const run = straddle('scan', PACK, dir, '--json');
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.pack).toBe('widgetkit');
    expect(report.findings.map((f: any) => [f.ruleId, f.file, f.line, f.fixable])).toEqual([
      ['render-status', 'app.js', 3, true],
      ['widget-destroy', 'stop.js', 2, false],
    ]);
    const rules = JSON.parse(straddle('rules', PACK, '--json').stdout);
    expect(rules.map((r: any) => [r.id, r.kind, r.docs])).toEqual([
      ['render-status', 'both', 'https://example.com/widgetkit/rules/render-status'],
      ['widget-destroy', 'report', 'https://example.com/widgetkit/rules/widget-destroy'],
      ['plugin-range', 'both', 'https://example.com/widgetkit/rules/plugin-range'],
    ]);
  });

  // enough files for batches to go to a worker thread, which loads the pack from its path
  const many = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`view-${i}.js`, `const wk = require('widgetkit');\nexports.v = () => wk.render(${i}, 202);\n`]));

  it('fix --jobs 2 by path rewrites every file, the worker threads loading the pack from the same path', () => {
    expect(existsSync(path.join(REPO, 'dist/worker.js'))).toBe(true);
    const dir = toyProject(many);
    const run = straddle('fix', PACK, dir, '--jobs', '2', '--json');
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.errors).toEqual([]);
    expect(report.changed).toHaveLength(121);
    expect(readFileSync(path.join(dir, 'view-7.js'), 'utf8')).toBe("const wk = require('widgetkit');\nexports.v = () => wk.status(202).render(7);\n");
    expect(readFileSync(path.join(dir, 'app.js'), 'utf8')).toContain("wk.status(201).render('made')");
  });

  it('runPack with two threads gives what one thread gives', async () => {
    const one = await runPack(pack, { cwd: toyProject(many), fix: false, jobs: 1 });
    const two = await runPack(pack, { cwd: toyProject(many), fix: false, jobs: 2 });
    expect(two.findings).toEqual(one.findings);
    expect(two.findings).toHaveLength(121);
  });
});

describe('the toy pack through the matrix and the upgrade loop', () => {
  let registry: LocalRegistry;
  const savedRegistry = process.env.npm_config_registry;
  beforeAll(async () => {
    registry = await serveRegistry(['widgetkit-1', 'widgetkit-2', 'widgetkit-sessions-1', 'widgetkit-sessions-2'].map((folder) => path.join(HERE, folder)));
    process.env.npm_config_registry = registry.url;
  });
  afterAll(async () => {
    if (savedRegistry === undefined) delete process.env.npm_config_registry;
    else process.env.npm_config_registry = savedRegistry;
    await registry.close();
  });
  const cacheDir = () => mkdtempSync(path.join(os.tmpdir(), 'straddle-toy-cache-'));

  it("runs the project's tests on widgetkit 1 as installed and on 2 swapped in: red on 2", { timeout: 120_000 }, async () => {
    const report = await runMatrix({ cwd: toyProject(), packageName: pack.packageName, versions: [pack.versions.old, pack.versions.new], cacheDir: cacheDir() });
    expect(report.results.map((r) => [r.requested, r.resolved, r.source, r.ok, r.loaded?.version])).toEqual([
      ['1', '1.0.0', 'project', true, '1.0.0'],
      ['2', '2.0.0', 'swapped', false, '2.0.0'],
    ]);
    expect(report.results[1]!.output).toContain('render() takes one argument');
  });

  // a project whose tests use a plugin that serves widgetkit 1 only, with a major of its own for 2
  const SESSIONS_TEST = "const sessions = require('widgetkit-sessions');\nif (!(sessions.create() instanceof Map)) process.exit(1);\nconsole.log('1 passing');\n";
  const withSessions = () => toyProject({ 'test.js': SESSIONS_TEST }, { 'widgetkit-sessions': 'widgetkit-sessions-1' });

  it("runs 2 with the companions the pack names for it, where the project's own serve 1 only, and says so", { timeout: 120_000 }, async () => {
    const dir = withSessions();
    const options = { cwd: dir, packageName: pack.packageName, versions: [pack.versions.old, pack.versions.new], cacheDir: cacheDir() };
    const without = await runMatrix(options);
    expect(without.results.map((r) => r.ok)).toEqual([true, false]);
    expect(without.results[1]!.output).toContain('widgetkit-sessions 1 serves widgetkit 1, not 2.0.0');
    const report = await runMatrix({ ...options, companions: pack.companions });
    expect(report.results.map((r) => [r.requested, r.ok, r.companions])).toEqual([
      ['1', true, undefined],
      ['2', true, [{ name: 'widgetkit-sessions', version: '2.0.0', replaced: '1.0.0' }]],
    ]);
    // the project itself keeps the major its lockfile pins
    expect(JSON.parse(readFileSync(path.join(dir, 'node_modules/widgetkit-sessions/package.json'), 'utf8')).version).toBe('1.0.0');
    const printed = await straddleAsync('test', PACK, dir);
    expect(printed.stdout).toContain('2: with widgetkit-sessions 2.0.0 (the project has 1.0.0), which widgetkit 2.0.0 needs');
  });

  it('test -- "<command line>": one quoted string is run by sh, as CI and package.json scripts hold it', { timeout: 120_000 }, async () => {
    const dir = toyProject();
    const run = await straddleAsync('test', PACK, dir, '--json', '--', 'node test.js && echo "ran by sh"');
    const report = JSON.parse(run.stdout);
    expect(report.command).toEqual(['sh', '-c', 'node test.js && echo "ran by sh"']);
    expect(report.results.map((r: any) => [r.requested, r.resolved, r.ok, /ran by sh/.test(r.output)])).toEqual([['1', '1.0.0', true, true], ['2', '2.0.0', false, false]]);
    expect(report.results[1].output).toContain('render() takes one argument');
  });

  it('test --shard k/2: one major a CI job, merged into the verdict of one run', { timeout: 180_000 }, async () => {
    const dir = toyProject();
    const out = mkdtempSync(path.join(os.tmpdir(), 'straddle-toy-shards-'));
    const files: string[] = [];
    for (const index of [1, 2]) {
      const run = await straddleAsync('test', PACK, dir, '--shard', `${index}/2`, '--json');
      expect(run.status, run.stderr).toBe(index === 1 ? 0 : 1);
      files.push(path.join(out, `test-${index}.json`));
      writeFileSync(files.at(-1)!, run.stdout);
    }
    expect(files.map((file) => JSON.parse(readFileSync(file, 'utf8')).results.map((r: any) => [r.requested, r.resolved]))).toEqual([[['1', '1.0.0']], [['2', '2.0.0']]]);
    const whole = JSON.parse((await straddleAsync('test', PACK, dir, '--json')).stdout);
    const merged = straddle('merge', ...files, '--json');
    expect(merged.status, merged.stderr).toBe(1);
    const pick = (report: any) => ({ ok: report.ok, failingOnAll: report.failingOnAll, results: report.results.map((r: any) => [r.requested, r.resolved, r.ok, r.counts]) });
    expect(pick(JSON.parse(merged.stdout))).toEqual(pick(whole));
    expect(straddle('merge', ...files).stdout).toMatch(/^2 +2\.0\.0 +cache +2\.0\.0 +FAIL/m);
    // a shard per version at most: the suite itself is split by its runner, in the command
    const tooMany = straddle('test', PACK, dir, '--shard', '3/3');
    expect(tooMany.status).toBe(2);
    expect(tooMany.stderr).toMatch(/test shards split the versions \(2 here\), so at most 2 shards/);
  });

  it('upgrade: red on 2 → green on both, by the pack\'s rewrite', { timeout: 300_000 }, async () => {
    const dir = toyProject();
    const phases = new Set<string>();
    const report = await runUpgrade(pack, { cwd: dir, cacheDir: cacheDir(), onEvent: (event) => void (event.type === 'matrix' && event.event.type === 'start' && phases.add(`${event.phase}: ${event.event.requested}`)) });
    expect(report.iterations[0]!.versions.map((v) => v.ok)).toEqual([true, false]);
    // a progress line can say which run of the loop is testing which major
    expect([...phases]).toEqual(['as it is: 1', 'as it is: 2', 'iteration 1: 1', 'iteration 1: 2', 'final verdict: 1', 'final verdict: 2']);
    expect(report.iterations.at(-1)!.versions.map((v) => [v.requested, v.ok])).toEqual([['1', true], ['2', true]]);
    expect(report).toMatchObject({ ok: true, stopReason: 'green' });
    expect(report.changedFiles).toEqual(['app.js']);
    expect(readFileSync(path.join(dir, 'app.js'), 'utf8')).toBe("const wk = require('widgetkit');\n\nexports.created = () => wk.status(201).render('made');\n");
  });

  it('--commit: putting back committed iterations is a commit of its own, so HEAD and the work tree never part', { timeout: 300_000 }, async () => {
    // the rewrite works, but the test also calls destroy(), gone in 2: nothing passes that did not, so all goes back
    const test = TEST.replace("assert.deepStrictEqual(app.created(), { status: 201, body: 'made' });", "$&\n  require('widgetkit').destroy();");
    const dir = toyProject({ 'test.js': test });
    const report = await runUpgrade(pack, { cwd: dir, cacheDir: cacheDir(), commit: true });
    expect(report.iterations[1]!.committed).toBe(true);
    expect(report.putBack?.files).toEqual(['app.js']);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
    expect(git('status', '--porcelain')).toBe('');
    expect(git('show', 'HEAD:app.js')).toBe(APP);
    expect(git('log', '--format=%s').split('\n')[0]).toMatch(/^widgetkit: put back every change/);
    expect(report).toMatchObject({ ok: false, stopReason: 'stuck', final: { ranAgain: false } });
  });
});
