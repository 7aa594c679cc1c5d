import { lstat, readFile, readlink, realpath, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint, tempDir, writeTree } from './_test-support.ts';
import { createWorkspace, findSites } from './workspace.ts';

/** A monorepo-shaped project: a root package, a workspace package with its own widgetkit, links of every kind. */
async function project(outside: string): Promise<string> {
  const dir = await tempDir('straddle-ws-');
  await writeTree(dir, {
    'package.json': '{}',
    'src/app.js': 'module.exports = 1;',
    '.git/HEAD': 'ref: refs/heads/main',
    'node_modules/widgetkit/package.json': '{"name":"widgetkit","version":"4.22.3"}',
    'node_modules/.bin/.keep': '',
    'node_modules/@types/widgetkit/index.d.ts': '',
    'packages/api/package.json': '{"name":"api"}',
    'packages/api/node_modules/widgetkit/package.json': '{"name":"widgetkit","version":"4.17.1"}',
    'packages/api/node_modules/debug/node_modules/widgetkit/package.json': '{"name":"widgetkit","version":"3.0.0"}',
    'packages/web/package.json': '{"name":"web"}',
  });
  await symlink('src/app.js', path.join(dir, 'main.js'));
  await symlink('../packages/api', path.join(dir, 'node_modules/api'));
  await symlink(path.join(dir, 'packages/web'), path.join(dir, 'node_modules/web'));
  await symlink(outside, path.join(dir, 'node_modules/linked-elsewhere'));
  await utimes(path.join(dir, 'src/app.js'), new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
  return dir;
}

describe('createWorkspace', () => {
  it('copies the whole project, node_modules included, and keeps every link inside the copy', async () => {
    const outside = await tempDir('straddle-outside-');
    const source = await project(outside);
    const workspace = path.join(await tempDir('straddle-ws-out-'), 'project');
    await createWorkspace(source, workspace);

    const [copied, original] = await Promise.all([lstat(path.join(workspace, 'src/app.js')), lstat(path.join(source, 'src/app.js'))]);
    expect(copied.isFile()).toBe(true);
    expect(copied.mtimeMs).toBe(original.mtimeMs);
    expect(await lstat(path.join(workspace, '.git')).catch(() => null)).toBeNull();
    // real folders, not links back into the project
    expect((await lstat(path.join(workspace, 'node_modules/widgetkit'))).isDirectory()).toBe(true);
    expect(await readlink(path.join(workspace, 'main.js'))).toBe('src/app.js');
    expect(await readlink(path.join(workspace, 'node_modules/api'))).toBe('../packages/api');
    expect(await realpath(path.join(workspace, 'node_modules/web'))).toBe(await realpath(path.join(workspace, 'packages/web')));
    // a link the user made to somewhere else is theirs to keep
    expect(await readlink(path.join(workspace, 'node_modules/linked-elsewhere'))).toBe(outside);
  });

  it('keeps writes made in the copy out of the project', async () => {
    const source = await project(await tempDir('straddle-outside-'));
    const before = await fingerprint(source);
    const workspace = path.join(await tempDir('straddle-ws-out-'), 'project');
    await createWorkspace(source, workspace);
    await writeFile(path.join(workspace, 'node_modules/.bin/.keep'), 'written by a test');
    await writeFile(path.join(workspace, 'node_modules/widgetkit/package.json'), '{}');
    await writeFile(path.join(workspace, 'packages/api/node_modules/widgetkit/new.js'), '');
    await writeFile(path.join(workspace, 'node_modules/web/written.txt'), '');
    expect(await fingerprint(source)).toEqual(before);
    expect(await readFile(path.join(workspace, 'node_modules/.bin/.keep'), 'utf8')).toBe('written by a test');
  });
});

describe('findSites', () => {
  it("finds where the project's own packages resolve a package, not where a dependency nests its own", async () => {
    const source = await project(await tempDir('straddle-outside-'));
    expect(await findSites(source, 'widgetkit')).toEqual([
      path.join(source, 'node_modules/widgetkit'),
      path.join(source, 'packages/api/node_modules/widgetkit'),
    ]);
    expect(await findSites(source, '@types/widgetkit')).toEqual([path.join(source, 'node_modules/@types/widgetkit')]);
    expect(await findSites(source, 'koa')).toEqual([]);
  });

  it('takes the aliases of a project without the package itself, those of a requested major only', async () => {
    const dir = await tempDir('straddle-ws-');
    await writeTree(dir, {
      'package.json': JSON.stringify({ devDependencies: { widgetkit3: 'npm:widgetkit@^3.13.0', widgetkit4: 'npm:widgetkit@^4.17.0' } }),
      'node_modules/widgetkit3/package.json': '{"name":"widgetkit","version":"3.21.2"}',
      'node_modules/widgetkit4/package.json': '{"name":"widgetkit","version":"4.17.1"}',
    });
    expect(await findSites(dir, 'widgetkit', ['4', '5'])).toEqual([path.join(dir, 'node_modules/widgetkit4')]);
    expect(await findSites(dir, 'widgetkit')).toEqual([]);
  });
});
