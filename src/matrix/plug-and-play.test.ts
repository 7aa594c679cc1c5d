import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { refusePlugAndPlay } from './plug-and-play.ts';
import { tempDir } from './_test-support.ts';

describe('refusePlugAndPlay', () => {
  it('refuses a workspace package whose workspace root has .pnp.cjs, naming the file and the setting', async () => {
    const root = await tempDir('straddle-pnp-');
    await mkdir(path.join(root, '.git'));
    await mkdir(path.join(root, 'packages', 'api'), { recursive: true });
    await writeFile(path.join(root, '.pnp.cjs'), '');
    expect(() => refusePlugAndPlay(path.join(root, 'packages', 'api'))).toThrow(
      expect.objectContaining({ code: 'E_PNP', message: expect.stringMatching(/^\.\.\/\.\.\/\.pnp\.cjs: .*`nodeLinker: node-modules` to \.\.\/\.\.\/\.yarnrc\.yml, run `yarn install`/) }),
    );
  });

  it('refuses .pnp.js, the name yarn 2 used', async () => {
    const root = await tempDir('straddle-pnp-');
    await writeFile(path.join(root, '.pnp.js'), '');
    expect(() => refusePlugAndPlay(root)).toThrow(expect.objectContaining({ code: 'E_PNP' }));
  });

  it('looks no higher than the git root', async () => {
    const above = await tempDir('straddle-pnp-');
    await writeFile(path.join(above, '.pnp.cjs'), '');
    await mkdir(path.join(above, 'repo', '.git'), { recursive: true });
    expect(() => refusePlugAndPlay(path.join(above, 'repo'))).not.toThrow();
  });
});
