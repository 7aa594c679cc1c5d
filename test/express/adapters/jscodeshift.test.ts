/**
 * `straddle/jscodeshift` as jscodeshift itself runs it: its own Runner forks its Worker, which requires the built
 * transform with Babel registered (the CLI's default), on temp copies of the rule's fixtures. Each file must come out
 * as `straddle fix --only <rule>` writes it, files the rule leaves alone byte for byte, and a file that does not
 * parse or is not UTF-8 counted as an error and never changed. Needs `dist` (`npm test` builds it first).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const TRANSFORM = path.join(ROOT, 'dist/jscodeshift.cjs');
const BIN = path.join(ROOT, 'bin.js');
const FIXTURES = path.join(ROOT, 'fixtures/express');
const require = createRequire(import.meta.url);

interface RunnerStats {
  ok: number;
  nochange: number;
  skip: number;
  error: number;
}
type Transform = (file: { path: string; source: string }, api: unknown, options: Record<string, unknown>) => Promise<string | undefined>;

// the files a run starts from: fixture inputs of the rule, and files it must not change
const CASES = {
  'app.js': { fixture: 'res-send-status/basic.input.js' },
  'service.ts': { fixture: 'res-send-status/typescript.input.ts' },
  'gateway.js': { fixture: 'res-send-status/not-express.input.js' },
  'proxy.js': { fixture: 'res-send-status/unknown-status.input.js' },
  'util.js': { text: 'export const twice = (n) => n * 2;\n' },
  'broken.js': { text: "const express = require('express');\nconst app = express(;\napp.get('/', (req, res) => res.send(404));\n" },
  // `é` in Latin-1: jscodeshift decodes it as U+FFFD, and writing that back would lose the byte
  'latin1.js': { bytes: Buffer.from("// caf\xe9\nconst app = require('express')();\napp.get('/', (req, res) => res.send(404));\n", 'latin1') },
} satisfies Record<string, { fixture: string } | { text: string } | { bytes: Buffer }>;

function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'straddle-jscodeshift-'));
  for (const [name, source] of Object.entries(CASES)) {
    if ('fixture' in source) copyFileSync(path.join(FIXTURES, source.fixture), path.join(dir, name));
    else writeFileSync(path.join(dir, name), 'text' in source ? source.text : source.bytes);
  }
  return dir;
}

const contents = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(path.join(dir, name))]));

/** jscodeshift's Runner, as its CLI calls it (forked workers, Babel on); returns its counts and what it printed. */
async function runJscodeshift(dir: string, options: Record<string, unknown>): Promise<{ stats: RunnerStats; printed: string }> {
  const { run } = require('jscodeshift/src/Runner') as { run: (transform: string, paths: string[], options: object) => Promise<RunnerStats> };
  let printed = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((printed += String(chunk)), true));
  try {
    const stats = await run(TRANSFORM, [dir], { babel: true, extensions: 'js,ts', silent: true, verbose: 0, ...options });
    return { stats, printed };
  } finally {
    write.mockRestore();
  }
}

function straddleFix(dir: string, ...args: string[]): void {
  const run = spawnSync(process.execPath, [BIN, 'fix', 'express', dir, '--force', '--no-types', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(run.status, run.stderr).toBe(0);
}

const dirs: string[] = [];
const fresh = () => {
  const dir = project();
  dirs.push(dir);
  return dir;
};

beforeAll(() => {
  expect(existsSync(TRANSFORM), `${TRANSFORM} is missing: run npm run build`).toBe(true);
  // each forked worker compiles with Babel afresh, and writes no cache into the home folder
  vi.stubEnv('BABEL_DISABLE_CACHE', '1');
});
afterAll(() => {
  vi.unstubAllEnvs();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('straddle/jscodeshift through jscodeshift’s Runner', () => {
  let dir: string;
  let result: Awaited<ReturnType<typeof runJscodeshift>>;
  const before = contents(fresh());
  beforeAll(async () => {
    dir = fresh();
    result = await runJscodeshift(dir, { rule: 'res-send-status' });
  });

  it('counts the rewritten, unchanged, skipped and failed files', () => {
    expect(result.stats).toMatchObject({ ok: 2, nochange: 2, skip: 1, error: 2 });
  });

  it('rewrites each file into its fixture output', () => {
    expect(readFileSync(path.join(dir, 'app.js'), 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'res-send-status/basic.output.js'), 'utf8'));
    expect(readFileSync(path.join(dir, 'service.ts'), 'utf8')).toBe(readFileSync(path.join(FIXTURES, 'res-send-status/typescript.output.ts'), 'utf8'));
  });

  it('leaves files without a fix byte for byte: nothing to change, no rule word, no parse, not UTF-8', () => {
    const after = contents(dir);
    for (const name of ['gateway.js', 'proxy.js', 'util.js', 'broken.js', 'latin1.js']) expect(after[name], name).toEqual(before[name]);
  });

  it('reports each site left for a hand fix, and only those', () => {
    const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'res-send-status/unknown-status.findings.json'), 'utf8')) as Array<{ line: number; messageId: string }>;
    const reported = [...result.printed.matchAll(/ REP .*?(\S+) (\d+):\d+ res-send-status: /g)].map((m) => [path.basename(m[1]!), Number(m[2])]);
    expect(reported).toEqual(expected.map((f) => ['proxy.js', f.line]));
  });

  it('reports why a file failed', () => {
    expect(result.printed).toMatch(/broken\.js Transformation error \(.*broken\.js:2:\d+: .*\(does not parse, left untouched\)\)/);
    expect(result.printed).toMatch(/latin1\.js Transformation error \(.*latin1\.js: not UTF-8 text/);
  });

  it('writes what `straddle fix --only res-send-status` writes', () => {
    const cli = fresh();
    straddleFix(cli, '--only', 'res-send-status');
    expect(contents(dir)).toEqual(contents(cli));
  });
});

describe('straddle/jscodeshift options', () => {
  const transform = require(TRANSFORM) as Transform;
  const file = (fixture: string) => ({ path: path.join(FIXTURES, fixture), source: readFileSync(path.join(FIXTURES, fixture), 'utf8') });

  it('is module.exports itself, as jscodeshift requires it, at the `straddle/jscodeshift` export', () => {
    expect(typeof transform).toBe('function');
    expect(require.resolve('straddle/jscodeshift')).toBe(TRANSFORM);
  });

  it('--target=5 writes what `straddle fix --target 5` writes, and differs from --target=both', async () => {
    const input = file('has-own-property/target-new.input.ts');
    for (const target of ['both', '5'] as const) {
      const cli = mkdtempSync(path.join(tmpdir(), 'straddle-jscodeshift-'));
      dirs.push(cli);
      writeFileSync(path.join(cli, 'app.ts'), input.source);
      straddleFix(cli, '--only', 'has-own-property', '--target', target);
      // jscodeshift hands on `--target=5` parsed as JSON: the number 5
      const output = await transform(input, {}, { only: 'has-own-property', target: target === '5' ? 5 : target });
      expect(output).toBe(readFileSync(path.join(cli, 'app.ts'), 'utf8'));
    }
    const both = await transform(input, {}, { only: 'has-own-property', target: 'both' });
    expect(await transform(input, {}, { only: 'has-own-property', target: 'new' })).not.toBe(both);
  });

  it('--only (repeated) and --skip select rules; a file no selected rule could match is skipped', async () => {
    const input = file('res-send-status/basic.input.js');
    const expected = readFileSync(path.join(FIXTURES, 'res-send-status/basic.output.js'), 'utf8');
    expect(await transform(input, {}, { only: ['app-del', 'res-send-status'] })).toBe(expected);
    expect(await transform(input, {}, { only: ['app-del', 'res-send-status'], skip: 'res-send-status' })).toBeUndefined();
  });

  it.each([
    [{ rule: 'res-send-stauts' }, /Unknown rule "res-send-stauts" in pack express/],
    [{ only: 'res-send-status,node-engines' }, /"node-engines" checks package\.json.*straddle fix express --only node-engines/],
    [{ skip: '' }, /--skip needs at least one rule id/],
    [{ target: 6 }, /--target takes both, 5 or new, not "6"/],
    [{ 'assume-handlers': 'src' }, /--assume-handlers takes true or false, not "src"/],
    [{ pack: 'koa' }, /Unknown pack "koa"/],
  ])('%o is an error that says what to pass', async (options, message) => {
    await expect(transform(file('res-send-status/basic.input.js'), {}, options)).rejects.toThrow(message);
  });
});
