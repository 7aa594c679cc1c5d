/**
 * A Yarn Plug'n'Play project (a `.pnp.cjs`, no node_modules) is refused through the CLI (the built bin.js) by every
 * command that runs the matrix (test, upgrade, finish, replay): exit 2, E_PNP, the setting that gives it a node_modules layout, and no copy of the
 * project made (the child's temp folder is its own, so "no copy" can be read off it) nor any file of it changed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../bin.js');
const REFUSAL = /^straddle: \.pnp\.cjs: this project installs with Yarn Plug'n'Play.*Add `nodeLinker: node-modules` to \.yarnrc\.yml, run `yarn install`, then run straddle again\. \(E_PNP\)$/m;

let dir: string;
let childTmp: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'straddle-pnp-cli-'));
  childTmp = mkdtempSync(path.join(tmpdir(), 'straddle-pnp-tmp-'));
  onTestFinished(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(childTmp, { recursive: true, force: true });
  });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'pnp-app', private: true, packageManager: 'yarn@4.1.0', scripts: { test: 'node test.js' }, dependencies: { express: '^4.21.0' } }));
  writeFileSync(path.join(dir, 'yarn.lock'), '__metadata:\n  version: 8\n');
  writeFileSync(path.join(dir, '.pnp.cjs'), '// Plug\'n\'Play map\n');
  writeFileSync(path.join(dir, 'app.js'), "const express = require('express');\nconst app = express();\napp.del('/x', (req, res) => res.send(204));\nmodule.exports = app;\n");
  writeFileSync(path.join(dir, 'requests.jsonl'), `${JSON.stringify({ method: 'GET', url: '/x', headers: {} })}\n`);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'init');
});

const straddle = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TMPDIR: childTmp } });

/** The command was refused as Plug'n'Play, and left no copy and no change behind. */
function expectRefused(run: ReturnType<typeof straddle>): void {
  expect(run.stderr).toMatch(REFUSAL);
  expect(run.status).toBe(2);
  expect(readdirSync(childTmp).filter((name) => /^straddle-(run|replay)-/.test(name))).toEqual([]);
  expect(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' })).toBe('');
}

describe("Yarn Plug'n'Play through the CLI", () => {
  it('test refuses it', () => {
    expectRefused(straddle('test', 'express'));
  });

  it('upgrade refuses it before rewriting anything', () => {
    expectRefused(straddle('upgrade', 'express'));
  });

  it('finish refuses it before rewriting anything', () => {
    expectRefused(straddle('finish', 'express'));
  });

  it('replay refuses it', () => {
    expectRefused(straddle('replay', 'express', '--requests', 'requests.jsonl', '--app', 'app.js'));
  });
});
