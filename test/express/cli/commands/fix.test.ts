import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fix } from '../../../../src/cli/commands/fix.ts';

const APP = "const express = require('express');\nconst app = express();\napp.del('/x', (req, res) => res.sendStatus(204));\n";

function repo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'straddle-fix-'));
  writeFileSync(path.join(dir, 'app.js'), APP);
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'init');
  return dir;
}

describe('fix', () => {
  it("sweeps a killed run's temp files before the dirty-tree check, so the tree is not refused", async () => {
    const dir = repo();
    const leftover = path.join(dir, '.app.js.straddle-999999-0.tmp');
    writeFileSync(leftover, 'half a file');
    mkdirSync(path.join(dir, 'node_modules'));
    const dependency = path.join(dir, 'node_modules', '.x.js.straddle-999999-0.tmp');
    writeFileSync(dependency, '');

    const report = await fix({ pack: 'express', cwd: dir, jobs: 1, types: false });
    expect(report.changed).toEqual(['app.js']);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(dependency)).toBe(true);
    expect(readFileSync(path.join(dir, 'app.js'), 'utf8')).toContain("app.delete('/x'");
  });

  it('still refuses changes of the user', async () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    await expect(fix({ pack: 'express', cwd: dir, jobs: 1, types: false })).rejects.toMatchObject({ code: 'E_DIRTY' });
  });
});
