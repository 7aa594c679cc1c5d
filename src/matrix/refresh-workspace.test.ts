import { chmod, lstat, mkdir, readdir, readFile, readlink, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from './_test-support.ts';
import { refreshWorkspace } from './refresh-workspace.ts';
import { createWorkspace } from './workspace.ts';

/** Every entry under `dir` but the installed packages (type, content, mode; links relative to `dir`), and each file's time. */
async function state(dir: string): Promise<{ entries: Record<string, string>; times: Record<string, number> }> {
  const entries: Record<string, string> = {};
  const times: Record<string, number> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const key = path.relative(dir, full);
    if (/^node_modules\/(?!\.cache)/.test(key)) continue;
    const stats = await lstat(full);
    if (entry.isSymbolicLink()) entries[key] = `link:${path.relative(dir, await readlink(full))}`;
    else if (entry.isDirectory()) entries[key] = 'dir';
    else {
      entries[key] = `${stats.mode.toString(8)}:${await readFile(full, 'utf8')}`;
      times[key] = stats.mtimeMs;
    }
  }
  return { entries, times };
}

const PROJECT = {
  'package.json': '{"name":"app","version":"1.0.0"}',
  'src/app.js': 'module.exports = 1;\n',
  'src/old.js': 'module.exports = "old";\n',
  'test/app.test.js': 'require("../src/app");\n',
  'README.md': '# app\n',
  'node_modules/web/package.json': '{"name":"web","version":"4.0.0"}',
  'node_modules/web/index.js': 'module.exports = 4;\n',
  'node_modules/.cache/babel/a.json': '{}',
};

async function projectAndCopy(): Promise<{ project: string; copy: string }> {
  const project = await tempDir('straddle-refresh-');
  await writeTree(project, PROJECT);
  await symlink(path.join(project, 'src'), path.join(project, 'lib'));
  const copy = path.join(await tempDir('straddle-refresh-copy-'), 'project');
  await createWorkspace(project, copy);
  return { project, copy };
}

describe('refreshWorkspace', () => {
  it("undoes a run's writes and brings in the project's changes, leaving the installed packages as they were", async () => {
    const { project, copy } = await projectAndCopy();
    // the project changes between runs, as a fix writes it
    await writeFile(path.join(project, 'src/app.js'), 'module.exports = 2;\n');
    await writeFile(path.join(project, 'src/new.js'), 'module.exports = "new";\n');
    await rm(path.join(project, 'src/old.js'));
    await chmod(path.join(project, 'README.md'), 0o600);
    // the run wrote into its copy: outputs, an edited test, a tool cache, a package folder
    await writeTree(copy, { 'coverage/out.json': '{}', 'node_modules/.cache/babel/b.json': '{}', 'node_modules/web/written.txt': 'run' });
    await writeFile(path.join(copy, 'test/app.test.js'), 'edited by the run\n');
    await rm(path.join(copy, 'lib'));

    const refreshed = await refreshWorkspace(project, copy);

    const fresh = path.join(await tempDir('straddle-refresh-fresh-'), 'project');
    await createWorkspace(project, fresh);
    const [refreshedState, freshState] = [await state(copy), await state(fresh)];
    expect(refreshedState.entries).toEqual(freshState.entries);
    for (const [file, time] of Object.entries(freshState.times)) expect(Math.abs(refreshedState.times[file]! - time), file).toBeLessThan(1);
    expect(await readlink(path.join(copy, 'lib'))).toBe(path.join(copy, 'src'));
    expect(refreshed.copied.sort()).toEqual(['README.md', 'lib', 'src/app.js', 'src/new.js', 'test/app.test.js']);
    expect(refreshed.removed.sort()).toEqual(['coverage', 'node_modules/.cache/babel/b.json', 'src/old.js']);
    // trusted as placed: the caller makes a new copy when the install changes
    expect(await readFile(path.join(copy, 'node_modules/web/written.txt'), 'utf8')).toBe('run');
  });

  it('copies again a file the run rewrote with the same size, by its time', async () => {
    const { project, copy } = await projectAndCopy();
    await writeFile(path.join(copy, 'src/app.js'), 'module.exports = 9;\n');
    await utimes(path.join(copy, 'src/app.js'), new Date(), new Date(Date.now() + 5000));
    expect((await refreshWorkspace(project, copy)).copied).toEqual(['src/app.js']);
    expect(await readFile(path.join(copy, 'src/app.js'), 'utf8')).toBe('module.exports = 1;\n');
  });

  it('changes nothing in a copy that is already the project', async () => {
    const { project, copy } = await projectAndCopy();
    expect(await refreshWorkspace(project, copy)).toEqual({ copied: [], removed: [] });
  });

  it('copies a new folder whole, its links into the project pointed into the copy', async () => {
    const { project, copy } = await projectAndCopy();
    await mkdir(path.join(project, 'packages/api'), { recursive: true });
    await writeFile(path.join(project, 'packages/api/index.js'), 'module.exports = 1;\n');
    await symlink(path.join(project, 'src/app.js'), path.join(project, 'packages/api/app.js'));
    expect((await refreshWorkspace(project, copy)).copied).toEqual(['packages']);
    expect(await readlink(path.join(copy, 'packages/api/app.js'))).toBe(path.join(copy, 'src/app.js'));
    expect(await readFile(path.join(copy, 'packages/api/index.js'), 'utf8')).toBe('module.exports = 1;\n');
  });
});
