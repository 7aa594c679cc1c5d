/**
 * What the commands say, and how they exit, when they cannot do their job on part of a project or at all: a
 * package.json that does not parse, a file too large to scan.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_FILE_BYTES } from '../../../../src/engine/discover.ts';
import { runCli } from '../../../../src/cli/run.ts';

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
});
afterEach(() => vi.restoreAllMocks());

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'straddle-cmd-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

describe('commands', () => {
  it('stop with one line and exit 2 when package.json does not parse', async () => {
    const dir = project({ 'package.json': '{ "name": "shop", }', 'app.js': "const app = require('express')();\napp.del('/', h);\n" });
    for (const command of [['scan'], ['fix', '--dry-run'], ['fix', '--force'], ['test'], ['upgrade', '--force']]) {
      err = [];
      expect(await runCli([command[0]!, 'express', dir, ...command.slice(1)]), command.join(' ')).toBe(2);
      expect(err, command.join(' ')).toEqual([expect.stringMatching(/^straddle: package\.json: .*JSON.* \(E_PACKAGE_JSON\)$/)]);
    }
  });

  it('list a file too large to scan, and do not look like a clean success', async () => {
    const dir = project({ 'bundle.js': `${'x'.repeat(MAX_FILE_BYTES)}\nrequire('express')().del('/', h);\n` });
    expect(await runCli(['scan', 'express', dir, '--jobs', '1'])).toBe(1);
    const printed = out.join('\n');
    expect(printed).toMatch(/^bundle\.js: 1\.00 MiB, over the 1 MiB limit .*: not scanned$/m);
    expect(printed).toContain('0 findings in 0 files: none in the files read');
    expect(printed).toContain('1 file skipped');
  });
});
