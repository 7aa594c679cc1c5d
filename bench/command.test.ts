/**
 * The bench measures each command as a user runs it (bench/_command.ts): the floors from their bundled script and the
 * built CLI through its bin, each in a plain `node` process of its own, over the same files, with figures from that
 * process itself. `npm test` builds the CLI first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measure } from './_command.ts';
import { generateCorpus } from './_corpus.ts';
import { runPack } from '../src/index.ts';
import express from '../codemods/express/index.ts';

const root = mkdtempSync(path.join(tmpdir(), 'straddle-command-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('measure', () => {
  it('runs the floors and the CLI over the same files, each reporting its own time, CPU and peak memory', async () => {
    const dir = generateCorpus(path.join(root, 'dense'), 60, { dense: true });
    const parse = measure('parse', dir);
    const babel = measure('babel', dir);
    const straddle = measure('straddle', dir, '1');
    expect(parse.files).toBe(60);
    expect(babel.files).toBe(60);
    expect(babel.statements).toBeGreaterThan(60);
    // the CLI's own report, read from the file its output went to: what the engine finds in the same files
    const direct = await runPack(express, { cwd: dir, fix: true, dryRun: true, jobs: 1 });
    expect(straddle).toMatchObject({ files: 60, parsed: direct.parsed, findings: direct.findings.length, changed: direct.changed.length });
    for (const measured of [parse, babel, straddle]) {
      expect(measured.ms).toBeGreaterThan(0);
      expect(measured.cpuMs).toBeGreaterThan(0);
      expect(measured.maxRssMB).toBeGreaterThan(20);
    }
  });

  it('fails with what the measured process said when it could not run', () => {
    expect(() => measure('straddle', path.join(root, 'missing'), '1')).toThrow(/measurement straddle .*missing 1 failed/);
  });
});
