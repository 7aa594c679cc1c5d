import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { test as testCommand } from '../cli/commands/test.ts';
import { makeProject, SHARED_TEST_CACHE } from './_test-support.ts';
import { formatMatrix } from './format.ts';
import { runMatrix } from './run-matrix.ts';
import type { MatrixReport } from './types.ts';

/** What the CLI passes from the Express pack. */
const EXPRESS = { packageName: 'express', versions: ['4', '5'], typesPackage: '@types/express' };

const PASS_ON_4 = "const v = require('express/package.json').version; require('express'); console.log(v.startsWith('4.') ? '2 passing' : '1 passing\\n  1 failing'); process.exit(v.startsWith('4.') ? 0 : 1);";

async function sampleReport(): Promise<MatrixReport> {
  const project = await makeProject({ 'test.js': PASS_ON_4, 'silent.js': "console.log('1 passing');" });
  const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE });
  const silent = await runMatrix({ cwd: project, packageName: 'express', versions: ['4'], cacheDir: SHARED_TEST_CACHE, command: ['node', 'silent.js'] });
  return { ...report, results: [...report.results, { ...silent.results[0], requested: '4-silent' }] };
}

describe('formatMatrix', () => {
  it('prints one row per version, what each loaded, and why each failed', async () => {
    const report = await sampleReport();
    const [v4, v5] = report.results;
    const lines = formatMatrix(report).split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['version', 'resolved', 'from', 'loaded', 'result', 'tests', 'time']);
    expect(lines[1]).toMatch(new RegExp(`^4\\s+${v4.resolved}\\s+project\\s+${v4.resolved}\\s+pass\\s+2 passed\\s+\\d`));
    expect(lines[2]).toMatch(new RegExp(`^5\\s+${v5.resolved}\\s+cache\\s+${v5.resolved}\\s+FAIL\\s+1 passed, 1 failed\\s+\\d`));
    expect(lines[3]).toMatch(/^4-silent\s+\S+\s+project\s+none\s+pass\s+1 passed\s+/);
    expect(lines).toContain(`4: loaded ${v4.loaded!.path}`);
    expect(lines).toContain('5: `npm test` exited with 1.');
    expect(lines.some((line) => line.startsWith("4-silent: The tests never loaded the project's own express"))).toBe(true);
    expect(lines.at(-1)).toMatch(/^1 of 3 versions failed\. \(\d/);
    const colored = formatMatrix(report, { color: true });
    expect(colored).not.toBe(stripVTControlCharacters(colored));
    expect(stripVTControlCharacters(colored)).toBe(lines.join('\n'));
  });
});

describe('straddle test (command)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the report as JSON and exits 1 when a version fails', async () => {
    const project = await makeProject({ 'test.js': PASS_ON_4 });
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    const code = await testCommand({ ...EXPRESS, cwd: project, json: true, cacheDir: SHARED_TEST_CACHE });
    vi.restoreAllMocks();
    expect(code).toBe(1);
    const report = JSON.parse(written.join('')) as MatrixReport;
    expect(report.results.map((r) => [r.requested, r.ok, r.loaded?.version === r.resolved])).toEqual([['4', true, true], ['5', false, true]]);
  });

  it('exits 0 when every version passes, and 2 without a project', async () => {
    const project = await makeProject({ 'test.js': "require('express'); console.log('1 passing');" });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await testCommand({ ...EXPRESS, cwd: project, cacheDir: SHARED_TEST_CACHE })).toBe(0);
    expect(await testCommand({ ...EXPRESS, cwd: `${project}/missing`, cacheDir: SHARED_TEST_CACHE })).toBe(2);
  });
});
