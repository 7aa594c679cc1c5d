import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastTiming, saveTiming } from './timings.ts';

const cacheDir = () => mkdtempSync(path.join(os.tmpdir(), 'straddle-timings-'));

describe('timings', () => {
  it('gives back the last run of the same suite on the same version, and nothing for another', () => {
    const dir = cacheDir();
    expect(lastTiming(dir, '/app', ['npm', 'test'], '5.1.0')).toBeUndefined();
    saveTiming(dir, '/app', ['npm', 'test'], '5.1.0', { durationMs: 4200, tests: 12 });
    saveTiming(dir, '/app', ['npm', 'test'], '5.1.0', { durationMs: 3900, tests: 13 });
    expect(lastTiming(dir, '/app', ['npm', 'test'], '5.1.0')).toEqual({ durationMs: 3900, tests: 13 });
    expect(lastTiming(dir, '/app', ['npm', 'test'], '4.21.2')).toBeUndefined();
    expect(lastTiming(dir, '/app', ['npx', 'vitest', 'run'], '5.1.0')).toBeUndefined();
    expect(lastTiming(dir, '/other', ['npm', 'test'], '5.1.0')).toBeUndefined();
  });

  it('keeps the newest 200 runs', () => {
    const dir = cacheDir();
    for (let i = 0; i < 205; i++) saveTiming(dir, `/app-${i}`, ['npm', 'test'], '5.1.0', { durationMs: i, tests: null });
    expect(Object.keys(JSON.parse(readFileSync(path.join(dir, 'timings.json'), 'utf8')))).toHaveLength(200);
    expect(lastTiming(dir, '/app-4', ['npm', 'test'], '5.1.0')).toBeUndefined();
    expect(lastTiming(dir, '/app-204', ['npm', 'test'], '5.1.0')).toEqual({ durationMs: 204, tests: null });
  });

  it('takes a file that does not parse as no history, and writes a good one over it', () => {
    const dir = cacheDir();
    writeFileSync(path.join(dir, 'timings.json'), '{"half');
    expect(lastTiming(dir, '/app', ['npm', 'test'], '5.1.0')).toBeUndefined();
    saveTiming(dir, '/app', ['npm', 'test'], '5.1.0', { durationMs: 10, tests: 1 });
    expect(lastTiming(dir, '/app', ['npm', 'test'], '5.1.0')).toEqual({ durationMs: 10, tests: 1 });
  });
});
