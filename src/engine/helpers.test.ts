import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pack } from '../pack.ts';
import { tempDir } from '../matrix/_test-support.ts';
import { helperNames, writeHelpers } from './helpers.ts';

const pack = { shim: { helpers: { 'straddle-x.cjs': () => 'module.exports = 1;\n', 'straddle-x.mjs': () => 'export default 1;\n' } } } as unknown as Pack<unknown>;

async function project(files: unknown): Promise<string> {
  const dir = await tempDir('straddle-helpers-');
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'lib', main: 'index.js', ...(files === undefined ? {} : { files }) }, null, 4)}\n`);
  await mkdir(path.join(dir, 'lib'));
  await writeFile(path.join(dir, 'lib/a.js'), "const x = require('./straddle-x.cjs');\n");
  await writeFile(path.join(dir, 'lib/b.js'), "const y = require('./other.cjs');\n");
  return dir;
}

describe('writeHelpers', () => {
  it('writes a helper next to each file that imports it, and only the helpers imported', async () => {
    const dir = await project(undefined);
    expect(writeHelpers(pack, dir, ['lib/a.js', 'lib/b.js'])).toEqual(['lib/straddle-x.cjs']);
    expect(await readFile(path.join(dir, 'lib/straddle-x.cjs'), 'utf8')).toBe('module.exports = 1;\n');
    expect(existsSync(path.join(dir, 'lib/straddle-x.mjs'))).toBe(false);
    // already there and the same: nothing to write
    expect(writeHelpers(pack, dir, ['lib/a.js'])).toEqual([]);
  });

  it('adds the helper to a package.json `files` list that would not publish it, in the file\'s own format', async () => {
    for (const [files, added] of [
      [['lib'], false],
      [['lib/'], false],
      [['lib/**'], false],
      [['lib/*.cjs'], false],
      [['./lib'], false],
      [['lib', '!lib/straddle-*'], true],
      [['index.js', 'lib/*.js'], true],
      [['lib/a.js'], true],
    ] as const) {
      const dir = await project(files);
      const written = writeHelpers(pack, dir, ['lib/a.js']);
      const manifest = await readFile(path.join(dir, 'package.json'), 'utf8');
      expect(written.includes('package.json'), JSON.stringify(files)).toBe(added);
      expect(JSON.parse(manifest).files).toEqual(added ? [...files, 'lib/straddle-x.cjs'] : files);
      expect(manifest).toMatch(/^\{\n {4}"name"/);
    }
  });

  it('names the helpers, so that no run rewrites them', () => {
    expect([...helperNames(pack)]).toEqual(['straddle-x.cjs', 'straddle-x.mjs']);
  });
});
