import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../matrix/_test-support.ts';
import { testNodeOptions } from './stack-depth.ts';

describe('testNodeOptions', () => {
  const project = async (files: Record<string, string>) => {
    const dir = await tempDir('straddle-stack-');
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    return Object.keys(files).map((name) => path.join(dir, name));
  };

  it('deepens stacks, keeping the options the project runs with', async () => {
    const files = await project({ 'app.js': "app.get('/', (req, res) => res.send('ok'));\n" });
    expect(await testNodeOptions(files, undefined)).toBe('--stack-trace-limit=100');
    expect(await testNodeOptions(files, '--max-old-space-size=4096')).toBe('--max-old-space-size=4096 --stack-trace-limit=100');
  });

  it.each([
    ['frames cut from a stack', "const frames = String(err.stack).split('\\n');"],
    ['a stack limit of its own', 'Error.stackTraceLimit = 10;'],
    ['structured call sites', 'Error.prepareStackTrace = (e, sites) => sites;'],
  ])('keeps V8’s default depth in a project that reads stacks: %s', async (_what, line) => {
    const files = await project({ 'app.js': "app.get('/', (req, res) => res.send('ok'));\n", 'trace.js': `${line}\n` });
    expect(await testNodeOptions(files, undefined)).toBeUndefined();
    expect(await testNodeOptions(files, '--enable-source-maps')).toBe('--enable-source-maps');
  });
});
