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

/**
 * Runs `call` (a command's promise, given `project` and `cacheDir`) in a process as the CLI does, interrupts it once a
 * test process hangs, and expects: exit 130 with `message`, every process it started stopped, no temporary folder
 * left, the project byte for byte as it was.
 */
async function expectCleanInterrupt(call: string, project: string, message: string): Promise<void> {
  const before = await fingerprint(project);
  const work = await tempDir('straddle-sigint-');
  const pidDir = path.join(work, 'pids');
  const tmpDir = path.join(work, 'tmp');
  await mkdir(pidDir);
  await mkdir(tmpDir);
  const script = path.join(work, 'run.mts');
  await writeFile(script, `
import { test } from ${JSON.stringify(path.join(REPO_ROOT, 'src/cli/commands/test.ts'))};
import { upgrade } from ${JSON.stringify(path.join(REPO_ROOT, 'src/cli/commands/upgrade.ts'))};
const project = ${JSON.stringify(project)};
const cacheDir = ${JSON.stringify(SHARED_TEST_CACHE)};
// what the CLI does with the error the command throws (src/cli/run.ts): its message on stderr, its exit code
process.exitCode = await ${call}.then(() => 0, (error) => { console.error(error.message); return error.exitCode; });
`);
  const cli = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, PID_DIR: pidDir, TMPDIR: tmpDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  cli.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));

  // versions run one after the other: the first one that hangs is running alone when interrupted
  const deadline = Date.now() + 50_000;
  while ((await readdir(pidDir)).length < 1 && Date.now() < deadline) await sleep(100);
  const pidFiles = await readdir(pidDir);
  expect(pidFiles).toHaveLength(1);
  const pids = (await Promise.all(pidFiles.map((name) => readFile(path.join(pidDir, name), 'utf8'))))
    .flatMap((text) => text.split(' ').map(Number));
  expect(pids.every(isAlive)).toBe(true);

  cli.kill('SIGINT');
  expect(await exited).toBe(130);
  expect(stderr).toContain(message);
  expect(pids.filter(isAlive)).toEqual([]);
  expect((await readdir(tmpDir)).filter((name) => name.startsWith('straddle-'))).toEqual([]);
  expect(await fingerprint(project)).toEqual(before);
}

describe('straddle test, interrupted with Ctrl-C', () => {
  it('stops every process, removes its copies and leaves the project byte-identical', async () => {
    const project = await makeProject({ 'test.js': HANGING_TEST });
    await expectCleanInterrupt("test({ cwd: project, packageName: 'express', versions: ['4', '5'], typesPackage: '@types/express', cacheDir })", project, 'Interrupted');
  });
});

describe('straddle upgrade, interrupted with Ctrl-C', () => {
  it("stops every process, puts the iteration in progress back and removes the loop's copies", async () => {
    // red on 5 as it is; once the fix has rewritten app.js, the suite hangs: the interrupt finds iteration 1 running
    const suite = `
const fs = require('fs');
const version = require('express/package.json').version;
require('express');
if (fs.readFileSync('app.js', 'utf8').includes('sendStatus')) {
${HANGING_TEST.replace("require('express');", '')}
} else {
  console.log(version.startsWith('4.') ? '1 passing' : '0 passing\\n  1 failing');
  process.exit(version.startsWith('4.') ? 0 : 1);
}
`;
    const app = "const express = require('express');\nconst app = express();\napp.get('/created', (req, res) => res.send(201));\nmodule.exports = app;\n";
    const project = await makeProject({ 'test.js': suite, 'app.js': app });
    await expectCleanInterrupt("upgrade({ pack: 'express', cwd: project, force: true, cacheDir })", project, 'the iteration in progress put back');
  });
});
