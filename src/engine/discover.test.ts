import { execFileSync } from 'node:child_process';
import { linkSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover, MAX_FILE_BYTES } from './discover.ts';

function project(git: boolean): { dir: string; outside: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'straddle-discover-'));
  const outside = mkdtempSync(path.join(tmpdir(), 'straddle-outside-'));
  writeFileSync(path.join(dir, 'app.js'), 'app');
  writeFileSync(path.join(dir, 'big.js'), 'x'.repeat(MAX_FILE_BYTES + 1));
  writeFileSync(path.join(outside, 'lib.js'), 'lib');
  symlinkSync('app.js', path.join(dir, 'alias.js'));
  linkSync(path.join(dir, 'app.js'), path.join(dir, 'same.js'));
  symlinkSync(path.join(outside, 'lib.js'), path.join(dir, 'lib.js'));
  if (git) execFileSync('git', ['init', '-q'], { cwd: dir });
  return { dir, outside };
}

describe.each([['git ls-files', true], ['glob', false]])('discover (%s)', (_name, git) => {
  it('lists each file once, skips links out of the project and huge files, and says so', async () => {
    const { dir, outside } = project(git);
    const { files, skipped } = await discover(dir);
    // app.js, its symlink alias.js and its hard link same.js are one file: the first real path stands for it
    expect(files).toEqual([path.join(dir, 'app.js')]);
    expect(skipped).toEqual([
      { file: path.join(dir, 'big.js'), kind: 'too-large', bytes: MAX_FILE_BYTES + 1, message: expect.stringContaining('not scanned') },
      { file: path.join(dir, 'lib.js'), kind: 'outside', message: `links to ${path.join(realpathSync(outside), 'lib.js')}, outside the project: skipped` },
    ]);
  });
});
