import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../matrix/_test-support.ts';
import { filesReaching } from './reaches.ts';

async function project(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('straddle-reaches-');
  await writeTree(dir, files);
  return dir;
}

describe('filesReaching', () => {
  it('follows require, import and export-from through extensions, folder indexes and TypeScript .js names', async () => {
    const dir = await project({
      'test/helper.js': "const routes = require('../src/routes');",
      'test/esm-helper.ts': "import { mount } from '../src/mount.js';",
      'test/barrel-helper.mjs': "export * from '../src/auth';",
      'test/unrelated.js': "const x = require('../src/other'); const y = require('widgetkit');",
      'src/routes.js': "module.exports = require('./grants');",
      'src/mount.ts': "import './grants';",
      'src/auth/index.js': "import '../grants.js';",
      'src/grants.js': '',
      'src/other.js': '',
    });
    const files = ['test/helper.js', 'test/esm-helper.ts', 'test/barrel-helper.mjs', 'test/unrelated.js'];
    expect(filesReaching(dir, files, new Set(['src/grants.js']))).toEqual(['test/helper.js', 'test/esm-helper.ts', 'test/barrel-helper.mjs']);
  });

  it('stops three imports down, and survives cycles and missing files', async () => {
    const dir = await project({
      'test/near.js': "require('../src/a');",
      'test/far.js': "require('../src/far');",
      'src/far.js': "require('./a0');",
      'src/a0.js': "require('./a');",
      'src/a.js': "require('./b'); require('./a'); require('./missing');",
      'src/b.js': "require('./a'); require('./target');",
      'src/target.js': '',
    });
    expect(filesReaching(dir, ['test/near.js', 'test/far.js'], new Set(['src/target.js']))).toEqual(['test/near.js']);
    expect(filesReaching(dir, ['test/near.js'], new Set())).toEqual([]);
  });
});
