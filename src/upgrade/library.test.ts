import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../matrix/_test-support.ts';
import { isLibrary } from './loop.ts';

async function withManifest(manifest: object): Promise<string> {
  const dir = await tempDir('straddle-library-');
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest));
  return dir;
}

describe('isLibrary', () => {
  it('is a published package with express as a peer or dev dependency', async () => {
    expect(isLibrary(await withManifest({ name: 'mw', main: 'index.js', peerDependencies: { express: '^4' } }), 'express')).toBe(true);
    expect(isLibrary(await withManifest({ name: 'mw', files: ['lib'], devDependencies: { express: '^4' } }), 'express')).toBe(true);
  });

  it('is not an app: private, or publishing nothing, or depending on express to run', async () => {
    expect(isLibrary(await withManifest({ name: 'app', private: true, main: 'server.js', dependencies: { express: '^4' } }), 'express')).toBe(false);
    expect(isLibrary(await withManifest({ name: 'app', main: 'server.js', dependencies: { express: '^4' } }), 'express')).toBe(false);
    expect(isLibrary(await withManifest({ name: 'site', scripts: { start: 'node .' } }), 'express')).toBe(false);
    expect(isLibrary(path.join(await tempDir('straddle-library-'), 'missing'), 'express')).toBe(false);
  });
});
