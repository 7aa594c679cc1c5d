import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SHARED_TEST_CACHE } from '../../../src/matrix/_test-support.ts';
import { makeProject, PASS_ON_4 } from '../matrix/_test-support.ts';
import { runMatrix } from '../../../src/matrix/run-matrix.ts';
import type { MatrixEvent, MatrixReport } from '../../../src/matrix/types.ts';
import { formatMatrix, formatMatrixEvent, formatRunning } from '../../../src/reporters/matrix.ts';

const progress: string[] = [];

async function sampleReport(): Promise<MatrixReport> {
  const project = await makeProject({ 'test.js': PASS_ON_4, 'silent.js': "console.log('1 passing');" });
  const onProgress = (event: MatrixEvent) => void progress.push(formatMatrixEvent(event) ?? '');
  const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE, onProgress });
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

    // the progress lines of the same run, in order
    const said = progress.filter(Boolean);
    expect(said).toEqual(expect.arrayContaining([`Testing 4 (${v4.resolved})…`, '4: pass', `Testing 5 (${v5.resolved})…`, '5: FAIL']));
    expect(said.indexOf('4: pass')).toBeGreaterThan(said.indexOf(`Testing 4 (${v4.resolved})…`));
  });
});

describe('formatMatrixEvent', () => {
  it('is quiet for steps that need no telling: a cache hit, a fresh version list, a resolved range', () => {
    expect(formatMatrixEvent({ type: 'install', packageName: 'express', version: '5.1.0', fromCache: true })).toBeNull();
    expect(formatMatrixEvent({ type: 'install', packageName: 'express', version: '5.1.0', fromCache: false })).toBe('Installed express@5.1.0 into the cache.');
    expect(formatMatrixEvent({ type: 'metadata', packageName: 'express', source: 'registry' })).toBeNull();
    expect(formatMatrixEvent({ type: 'metadata', packageName: 'express', source: 'stale-cache' })).toMatch(/^Registry unreachable/);
    expect(formatMatrixEvent({ type: 'resolved', requested: '5', version: '5.1.0' })).toBeNull();
  });
});

describe('a run in progress', () => {
  it('ticks every second with the tests its output shows done, and estimates what is left from the last run', { timeout: 120_000 }, async () => {
    const slow = "setTimeout(() => console.log('  ✓ one'), 200);\nsetTimeout(() => console.log('  ✓ two\\n\\n  2 passing'), 2300);\n";
    const project = await makeProject({ 'slow.js': slow });
    const events: MatrixEvent[] = [];
    const run = () => runMatrix({ cwd: project, packageName: 'express', versions: ['4'], cacheDir: SHARED_TEST_CACHE, command: ['node', 'slow.js'], onProgress: (event) => void events.push(event) });
    await run();
    const ticks = events.filter((event) => event.type === 'running');
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.every((tick, i) => i === 0 || tick.elapsedMs > ticks[i - 1]!.elapsedMs)).toBe(true);
    expect(Math.max(...ticks.map((tick) => tick.tests))).toBe(1);
    expect(events.find((event) => event.type === 'start')).not.toHaveProperty('expected');
    // pipes and CI logs see none of it
    expect(ticks.map(formatMatrixEvent).filter(Boolean)).toEqual([]);

    events.length = 0;
    await run();
    const start = events.find((event) => event.type === 'start')!;
    expect(start).toMatchObject({ type: 'start', expected: { tests: 2 } });
    expect((start as { expected: { durationMs: number } }).expected.durationMs).toBeGreaterThanOrEqual(2300);
  });

  it('says the phase, the time so far, the tests done and what is left, or that it takes longer than last time', () => {
    const tick = { type: 'running', requested: '5', version: '5.1.0', elapsedMs: 12_400, tests: 40 } as const;
    expect(formatRunning(tick)).toBe('testing 5 (5.1.0) · 12 s · 40 tests done');
    expect(formatRunning({ ...tick, expected: { durationMs: 30_000, tests: 120 } }, 'iteration 2')).toBe('iteration 2: testing 5 (5.1.0) · 12 s · 40 tests done of about 120 · about 18 s left');
    expect(formatRunning({ ...tick, tests: 0, expected: { durationMs: 9_000, tests: null } }, 'final verdict')).toBe('final verdict: testing 5 (5.1.0) · 12 s · longer than last time');
  });
});
