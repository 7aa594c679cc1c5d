import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDir } from '../../src/matrix/_test-support.ts';
import { LOCK_FILE, lockWorkDir } from './_lock.ts';

describe('lockWorkDir', () => {
  it('refuses a work folder another run holds, and gives it once that run lets go', async () => {
    const dir = await tempDir('straddle-realworld-lock-');
    const release = lockWorkDir(dir);
    onTestFinished(release);
    expect(() => lockWorkDir(dir)).toThrowError(`Another run (pid ${process.pid}) is working in ${dir}`);
    release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    lockWorkDir(dir)();
  });

  it('takes over a lock whose run died without letting go, and one it cannot read', async () => {
    const dir = await tempDir('straddle-realworld-lock-');
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    for (const left of [gone.stdout.trim(), 'not a pid']) {
      writeFileSync(path.join(dir, LOCK_FILE), left);
      const release = lockWorkDir(dir);
      onTestFinished(release);
      release();
    }
  });
});
