import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { fingerprint, REPO_ROOT, SHARED_TEST_CACHE, tempDir } from '../../../src/matrix/_test-support.ts';
import { makeProject } from './_test-support.ts';

// Each test process starts a grandchild and records both pids, then hangs until stopped.
const HANGING_TEST = `
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
require('express');
const sleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
fs.writeFileSync(path.join(process.env.PID_DIR, String(process.pid)), process.pid + ' ' + sleeper.pid);
setInterval(() => {}, 1000);
`;

// A killed process stays a zombie until its new parent (init) reaps it: that one is gone for our purpose.
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = (() => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return ') Z';
    }
  })();
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

describe('straddle test, interrupted with Ctrl-C', () => {
  it('stops every process, removes its copies and leaves the project byte-identical', async () => {
    const project = await makeProject({ 'test.js': HANGING_TEST });
    const work = await tempDir('straddle-sigint-');
    const pidDir = path.join(work, 'pids');
    const tmpDir = path.join(work, 'tmp');
    await mkdir(pidDir);
    await mkdir(tmpDir);
    const script = path.join(work, 'run.mts');
    await writeFile(script, `
import { test } from ${JSON.stringify(path.join(REPO_ROOT, 'src/cli/commands/test.ts'))};
// what the CLI does with the error the command throws (src/cli/run.ts): its message on stderr, its exit code
process.exitCode = await test({ cwd: ${JSON.stringify(project)}, packageName: 'express', versions: ['4', '5'], typesPackage: '@types/express', cacheDir: ${JSON.stringify(SHARED_TEST_CACHE)} })
  .then(() => 0, (error) => { console.error(error.message); return error.exitCode; });
`);
    const before = await fingerprint(project);

    const cli = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, PID_DIR: pidDir, TMPDIR: tmpDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    cli.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));

    // versions run one after the other: the first one hangs, so the interrupt finds it running alone
    const deadline = Date.now() + 50_000;
    while ((await readdir(pidDir)).length < 1 && Date.now() < deadline) await sleep(100);
    const pidFiles = await readdir(pidDir);
    expect(pidFiles).toHaveLength(1);
    const pids = (await Promise.all(pidFiles.map((name) => readFile(path.join(pidDir, name), 'utf8'))))
      .flatMap((text) => text.split(' ').map(Number));
    expect(pids.every(isAlive)).toBe(true);

    cli.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('Interrupted');
    expect(pids.filter(isAlive)).toEqual([]);
    expect((await readdir(tmpDir)).filter((name) => name.startsWith('straddle-'))).toEqual([]);
    expect(await fingerprint(project)).toEqual(before);
  });
});
