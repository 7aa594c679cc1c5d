import { lstat, mkdir, readdir, readlink, realpath, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkspace } from './workspace.ts';
import { tempDir } from './_test-support.ts';

async function project(): Promise<string> {
  const dir = await tempDir('straddle-ws-');
  const files: Record<string, string> = {
    'package.json': '{}',
    'src/app.js': 'module.exports = 1;',
    '.git/HEAD': 'ref: refs/heads/main',
    'node_modules/express/package.json': '{"name":"express","version":"4.22.3"}',
    'node_modules/supertest/package.json': '{"name":"supertest"}',
    'node_modules/@types/express/index.d.ts': '',
    'node_modules/@types/node/index.d.ts': '',
    'node_modules/.vite/results.json': '{}',
    'node_modules/.bin/.keep': '',
    'packages/lib/node_modules/left-pad/index.js': '',
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  await symlink('src/app.js', path.join(dir, 'main.js'));
  await utimes(path.join(dir, 'src/app.js'), new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
  return dir;
}

describe('createWorkspace', () => {
  it('copies sources, links packages and points the swapped ones at their targets', async () => {
    const source = await project();
    const cached = await tempDir('straddle-cached-');
    const workspace = path.join(await tempDir('straddle-ws-out-'), 'project');
    await createWorkspace(source, workspace, [
      { packageName: 'express', target: path.join(cached, 'express') },
      { packageName: '@types/express', target: path.join(cached, 'types-express') },
    ]);

    const [copied, original] = await Promise.all([lstat(path.join(workspace, 'src/app.js')), lstat(path.join(source, 'src/app.js'))]);
    expect(copied.isFile()).toBe(true);
    expect(copied.mtimeMs).toBe(original.mtimeMs);
    expect(await readlink(path.join(workspace, 'main.js'))).toBe('src/app.js');
    expect(await readdir(workspace)).not.toContain('.git');

    const modules = path.join(workspace, 'node_modules');
    expect((await readdir(modules)).sort()).toEqual(['.bin', '@types', 'express', 'supertest']);
    expect(await readlink(path.join(modules, 'express'))).toBe(path.join(cached, 'express'));
    expect(await readlink(path.join(modules, 'supertest'))).toBe(path.join(source, 'node_modules/supertest'));
    expect(await readlink(path.join(modules, '@types/express'))).toBe(path.join(cached, 'types-express'));
    expect(await readlink(path.join(modules, '@types/node'))).toBe(path.join(source, 'node_modules/@types/node'));
    // Nested package folders are used in place, not copied.
    expect(await realpath(path.join(workspace, 'packages/lib/node_modules'))).toBe(await realpath(path.join(source, 'packages/lib/node_modules')));
  });
});
