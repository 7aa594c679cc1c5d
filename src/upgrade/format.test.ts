import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../matrix/_test-support.ts';
import { formatChanged } from './format.ts';

/** A stand-in for a project's tool: appends `// <name>` to each file it is given after its flags. */
const fakeTool = (name: string) => `#!/usr/bin/env node
const fs = require('fs');
for (const file of process.argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'format')) fs.appendFileSync(file, '// ${name}\\n');
`;

async function project(files: Record<string, string>, tools: string[]): Promise<string> {
  const dir = await tempDir('straddle-format-');
  await writeTree(dir, files);
  await mkdir(path.join(dir, 'node_modules/.bin'), { recursive: true });
  for (const tool of tools) {
    await writeFile(path.join(dir, 'node_modules/.bin', tool), fakeTool(tool));
    await chmod(path.join(dir, 'node_modules/.bin', tool), 0o755);
  }
  return dir;
}

describe('formatChanged', () => {
  it("runs the project's configured fixer, then its formatter, on the changed files only", async () => {
    const dir = await project({
      'package.json': '{ "prettier": { "singleQuote": true } }',
      'eslint.config.js': 'export default [];',
      'src/app.js': 'a\n',
      'src/other.js': 'b\n',
      'straddle-widgetkit/index.js': 'generated\n',
    }, ['eslint', 'prettier']);
    expect(await formatChanged(dir, ['src/app.js'], ['straddle-widgetkit/index.js'])).toEqual(['eslint', 'prettier']);
    expect(await readFile(path.join(dir, 'src/app.js'), 'utf8')).toBe('a\n// eslint\n// prettier\n');
    expect(await readFile(path.join(dir, 'src/other.js'), 'utf8')).toBe('b\n');
    // generated code gets the formatter (a `prettier --check .` must pass) but never a fixer
    expect(await readFile(path.join(dir, 'straddle-widgetkit/index.js'), 'utf8')).toBe('generated\n// prettier\n');
  });

  it('runs nothing the project has not configured, even when installed', async () => {
    const dir = await project({ 'package.json': '{}', 'src/app.js': 'a\n' }, ['eslint', 'prettier']);
    expect(await formatChanged(dir, ['src/app.js'])).toEqual([]);
    expect(await readFile(path.join(dir, 'src/app.js'), 'utf8')).toBe('a\n');
  });
});
