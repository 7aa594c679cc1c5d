import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimRunDir, releaseRunDir } from './run-dir.ts';
import { tempDir } from './_test-support.ts';

describe('claimRunDir', () => {
  it('gives the stable folder to one live run at a time and cleans up after both', async () => {
    const root = path.join(await tempDir('straddle-rundir-'), 'root');
    const first = await claimRunDir(root, 'express@5.3.0');
    const second = await claimRunDir(root, 'express@5.3.0');
    expect(first).toBe(path.join(root, 'express@5.3.0'));
    expect(second).not.toBe(first);
    expect(path.dirname(second)).toBe(root);
    expect(await readFile(path.join(first, 'owner.pid'), 'utf8')).toBe(String(process.pid));
    await releaseRunDir(root, first);
    await releaseRunDir(root, second);
    expect(await readdir(path.dirname(root))).toEqual([]);
  });

  it('takes the stable folder over from a run that died', async () => {
    const root = path.join(await tempDir('straddle-rundir-'), 'root');
    const stale = await claimRunDir(root, 'express@4.22.3');
    const deadPid = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    await writeFile(path.join(stale, 'owner.pid'), deadPid);
    await writeFile(path.join(stale, 'leftover.txt'), 'from the dead run');
    const claimed = await claimRunDir(root, 'express@4.22.3');
    expect(claimed).toBe(stale);
    expect(await readdir(claimed)).toEqual(['owner.pid']);
  });
});
