import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { tempDir, writeTree } from './_test-support.ts';
import { CopyPool } from './copy-pool.ts';
import { createWorkspace } from './workspace.ts';

const gone = (dir: string) => access(dir).then(() => false, () => true);

async function setUp() {
  const project = await tempDir('straddle-pool-');
  await writeTree(project, {
    'package.json': '{"name":"app","version":"1.0.0"}',
    'package-lock.json': '{"lockfileVersion":3}',
    'src/app.js': 'module.exports = 1;\n',
    'node_modules/web/package.json': '{"name":"web","version":"4.0.0"}',
  });
  const pool = new CopyPool();
  onTestFinished(() => pool.dispose());
  let made = 0;
  const make = async (workspace: string) => {
    made++;
    await createWorkspace(project, workspace);
    return [path.join(workspace, 'node_modules/web')];
  };
  return { project, pool, make, made: () => made };
}

describe('CopyPool', () => {
  it("makes a version's copy once and refreshes it from the project at each later run", async () => {
    const { project, pool, make, made } = await setUp();
    const first = await pool.take(project, 'web@4', make);
    await writeFile(path.join(first.workspace, 'out.txt'), 'written by the run');
    pool.release(first, true);
    await writeFile(path.join(project, 'src/app.js'), 'module.exports = 2;\n');

    const second = await pool.take(project, 'web@4', make);
    expect(second).toMatchObject({ runDir: first.runDir, placed: first.placed });
    expect(made()).toBe(1);
    expect(await readFile(path.join(second.workspace, 'src/app.js'), 'utf8')).toBe('module.exports = 2;\n');
    expect(await gone(path.join(second.workspace, 'out.txt'))).toBe(true);
  });

  it('makes the copy afresh when the install changed, when its last run did not finish, and per key', async () => {
    const { project, pool, make, made } = await setUp();
    const first = await pool.take(project, 'web@4', make);
    pool.release(first, true);
    await writeFile(path.join(project, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
    const afterInstall = await pool.take(project, 'web@4', make);
    expect(made()).toBe(2);
    expect(await gone(first.runDir)).toBe(true);

    pool.release(afterInstall, false);
    expect(await gone(afterInstall.runDir)).toBe(true);
    await pool.take(project, 'web@4', make);
    expect(made()).toBe(3);
    await pool.take(project, 'web@5', make);
    expect(made()).toBe(4);
  });

  it('keeps the copy when a tool wrote its cache into node_modules, not when a package came or went', async () => {
    const { project, pool, make, made } = await setUp();
    pool.release(await pool.take(project, 'web@4', make), true);
    // the project's own formatter, run on what the loop changed, makes node_modules/.cache
    await writeTree(project, { 'node_modules/.cache/prettier/.prettier-cache': '{}' });
    pool.release(await pool.take(project, 'web@4', make), true);
    expect(made()).toBe(1);
    await writeTree(project, { 'node_modules/left-pad/package.json': '{"name":"left-pad","version":"1.3.0"}' });
    await pool.take(project, 'web@4', make);
    expect(made()).toBe(2);
  });

  it('gives a key asked for while its copy is in use a copy of its own, removed after its run', async () => {
    const { project, pool, make } = await setUp();
    const kept = await pool.take(project, 'web@4', make);
    const second = await pool.take(project, 'web@4', make);
    expect(second.runDir).not.toBe(kept.runDir);
    pool.release(second, true);
    expect(await gone(second.runDir)).toBe(true);
    pool.release(kept, true);
    expect((await pool.take(project, 'web@4', make)).runDir).toBe(kept.runDir);
  });

  it('removes every copy when disposed, and a copy whose making failed at once', async () => {
    const { project, pool, make } = await setUp();
    const copy = await pool.take(project, 'web@4', make);
    pool.dispose();
    expect(await gone(copy.runDir)).toBe(true);
    let runDir = '';
    const failing = async (workspace: string): Promise<string[]> => {
      runDir = path.dirname(workspace);
      throw new Error('no space left');
    };
    await expect(pool.take(project, 'web@4', failing)).rejects.toThrow('no space left');
    expect(await gone(runDir)).toBe(true);
  });
});
