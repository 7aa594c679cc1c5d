import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../matrix/_test-support.ts';
import { detectPackageManager, testCommand } from './package-manager.ts';

/** The default test command of a project with `lockfile` whose package.json pins `packageManager`. */
async function defaultCommand(lockfile: string | null, packageManager?: string): Promise<string[]> {
  const dir = await tempDir('straddle-pm-');
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'p', private: true, packageManager }));
  if (lockfile) await writeFile(path.join(dir, lockfile), '');
  return testCommand(detectPackageManager(dir));
}

describe('the default test command', () => {
  it('is `npm test` for an npm project, and for one with no lockfile', async () => {
    expect(await defaultCommand('package-lock.json')).toEqual(['npm', 'test']);
    expect(await defaultCommand(null)).toEqual(['npm', 'test']);
  });

  it('is `pnpm test` at the pnpm version package.json pins', async () => {
    expect(await defaultCommand('pnpm-lock.yaml', 'pnpm@8.10.5+sha256.abc')).toEqual(['npx', '--yes', 'pnpm@8.10.5', 'test']);
  });

  it('is `yarn test` at a pinned yarn 1', async () => {
    expect(await defaultCommand('yarn.lock', 'yarn@1.22.22')).toEqual(['npx', '--yes', 'yarn@1.22.22', 'test']);
  });

  it('is `yarn test` at a pinned yarn 2+, from @yarnpkg/cli-dist (the npm package `yarn` stops at 1.x)', async () => {
    expect(await defaultCommand('yarn.lock', 'yarn@4.1.0')).toEqual(['npx', '--yes', '-p', '@yarnpkg/cli-dist@4.1.0', 'yarn', 'test']);
  });

  it('is `bun run test` for bun, the script and not bun\'s own test runner', async () => {
    expect(await defaultCommand('bun.lock', 'bun@1.1.30')).toEqual(['npx', '--yes', 'bun@1.1.30', 'run', 'test']);
  });

  it("is the workspace root's manager for a workspace package, which has no lockfile of its own", async () => {
    const root = await tempDir('straddle-pm-ws-');
    await mkdir(path.join(root, '.git'));
    await writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'mono', private: true, packageManager: 'pnpm@9.12.0' }));
    await writeFile(path.join(root, 'pnpm-lock.yaml'), '');
    const member = path.join(root, 'packages/api');
    await mkdir(member, { recursive: true });
    await writeFile(path.join(member, 'package.json'), JSON.stringify({ name: 'api' }));
    expect(detectPackageManager(member)).toEqual({ name: 'pnpm', lockfile: '../../pnpm-lock.yaml', command: ['npx', '--yes', 'pnpm@9.12.0'] });
  });
});
