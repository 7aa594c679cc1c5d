import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageCacheDir } from './cache-dir.ts';
import { ensureInstalled } from './install-cache.ts';
import { loadMetadata, pickVersion, type PackageMetadata } from './resolve-version.ts';
import { tempDir, withDeadRegistry } from './_test-support.ts';

const metadata: PackageMetadata = {
  fetchedAt: 0,
  versions: ['4.20.0', '4.21.2', '4.22.3', '5.0.0-beta.3', '5.0.0', '5.2.1', '5.3.0'],
  distTags: { latest: '5.3.0', 'v4-latest': '4.22.3' },
};

describe('pickVersion', () => {
  it('takes the highest stable match of a major, a range, an exact version or a dist-tag', () => {
    expect(pickVersion(metadata, '4')).toBe('4.22.3');
    expect(pickVersion(metadata, '^4.21')).toBe('4.22.3');
    expect(pickVersion(metadata, '~4.21.0')).toBe('4.21.2');
    expect(pickVersion(metadata, '5')).toBe('5.3.0');
    expect(pickVersion(metadata, '5.0.0-beta.3')).toBe('5.0.0-beta.3');
    expect(pickVersion(metadata, 'v4-latest')).toBe('4.22.3');
    expect(pickVersion(metadata, '6')).toBeNull();
    expect(pickVersion(metadata, '4.99.0')).toBeNull();
  });
});

describe('the version cache without a registry', () => {
  it('falls back to a stale version list, and fails cleanly with none', async () => {
    withDeadRegistry();
    const cacheDir = await tempDir('straddle-stale-');
    await expect(loadMetadata(cacheDir, 'widgetkit')).rejects.toThrow(/npm view widgetkit failed/);
    const dir = packageCacheDir(cacheDir, 'widgetkit');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'versions.json'), JSON.stringify(metadata));
    expect(await loadMetadata(cacheDir, 'widgetkit')).toEqual({ metadata, source: 'stale-cache' });
  });

  it('leaves no partial install behind when an install fails', async () => {
    withDeadRegistry();
    const cacheDir = await tempDir('straddle-noinstall-');
    // A version npm has never cached, so --prefer-offline must reach the (dead) registry.
    await expect(ensureInstalled(cacheDir, 'widgetkit', '4.0.0', { marker: true })).rejects.toThrow(/npm install widgetkit@4\.0\.0 failed/);
    expect(await readdir(packageCacheDir(cacheDir, 'widgetkit'))).toEqual([]);
  });
});
