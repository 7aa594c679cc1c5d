import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint, tempDir } from './_test-support.ts';
import { swapPackage } from './swap.ts';

const manifest = (name: string, version: string, dependencies: Record<string, string> = {}) =>
  JSON.stringify({ name, version, dependencies });

async function writePackages(modules: string, packages: Record<string, string>): Promise<void> {
  for (const [where, text] of Object.entries(packages)) {
    await mkdir(path.join(modules, where), { recursive: true });
    await writeFile(path.join(modules, where, 'package.json'), text);
  }
}

/** A cache install of web@2 (needs debug@4, @types/node, and qs through router@2), laid out as npm installs it. */
async function cacheInstall(): Promise<string> {
  const modules = path.join(await tempDir('straddle-cache-'), 'node_modules');
  await writePackages(modules, {
    web: manifest('web', '2.0.0', { debug: '^4.0.0', router: '^2.0.0', '@types/node': '*' }),
    debug: manifest('debug', '4.3.0'),
    router: manifest('router', '2.1.0', { qs: '^6.0.0' }),
    'router/node_modules/qs': manifest('qs', '6.13.0'),
    '@types/node': manifest('@types/node', '24.0.0'),
  });
  return modules;
}

describe('swapPackage', () => {
  it('nests what the project cannot satisfy and shares what it can', async () => {
    const cache = await cacheInstall();
    const project = await tempDir('straddle-project-');
    await writePackages(path.join(project, 'node_modules'), {
      web: manifest('web', '1.0.0', { debug: '^2.0.0' }),
      debug: manifest('debug', '2.6.9'),
      '@types/node': manifest('@types/node', '20.1.0'),
      qs: manifest('qs', '6.5.0'),
    });
    const site = path.join(project, 'node_modules/web');
    await swapPackage(project, site, cache, 'web');

    const version = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')).version;
    expect(await version(site)).toBe('2.0.0');
    expect(await version(path.join(site, 'node_modules/debug'))).toBe('4.3.0');
    expect(await version(path.join(site, 'node_modules/router'))).toBe('2.1.0');
    // the project's qs 6.5 satisfies ^6: shared, as npm would
    expect(await lstat(path.join(site, 'node_modules/qs')).catch(() => null)).toBeNull();
    // one @types/node for the whole program, or TypeScript sees duplicate declarations
    expect(await lstat(path.join(site, 'node_modules/@types/node')).catch(() => null)).toBeNull();
    expect(await version(path.join(project, 'node_modules/debug'))).toBe('2.6.9');
  });

  it('copies, so writes into the swapped package never reach the cache', async () => {
    const cache = await cacheInstall();
    const before = await fingerprint(path.dirname(cache));
    const project = await tempDir('straddle-project-');
    await mkdir(path.join(project, 'node_modules'));
    const site = path.join(project, 'node_modules/web');
    await swapPackage(project, site, cache, 'web');
    expect((await lstat(site)).isSymbolicLink()).toBe(false);
    await writeFile(path.join(site, 'package.json'), '{}');
    await writeFile(path.join(site, 'node_modules/router/package.json'), '{}');
    expect(await fingerprint(path.dirname(cache))).toEqual(before);
    // nothing in the project: everything nested, qs where router can find it
    expect(await lstat(path.join(site, 'node_modules/qs')).then(() => true)).toBe(true);
  });
});
