/**
 * @module matrix/timings
 * How long each project's suite took on each version last time, and how many tests it counted: what a progress line
 * needs for an estimate of what is left. One small JSON file in the cache folder; a file that does not read or does
 * not parse is taken as empty, and a failed write is ignored, since an estimate is never worth failing a run for.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Timing {
  durationMs: number;
  /** Tests the run counted (passed + failed + skipped), when it could count them. */
  tests: number | null;
}

/** The runs kept, newest last: enough for every project a user works on. */
const KEPT = 200;

const fileOf = (cacheDir: string) => path.join(cacheDir, 'timings.json');
/** One suite on one version: the project, the command that ran it, the version it ran on. */
const keyOf = (cwd: string, command: readonly string[], version: string) => JSON.stringify([cwd, command, version]);

function readAll(cacheDir: string): Record<string, Timing> {
  try {
    const data = JSON.parse(readFileSync(fileOf(cacheDir), 'utf8')) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, Timing>) : {};
  } catch {
    return {};
  }
}

export function lastTiming(cacheDir: string, cwd: string, command: readonly string[], version: string): Timing | undefined {
  const timing = readAll(cacheDir)[keyOf(cwd, command, version)];
  return timing && typeof timing.durationMs === 'number' ? timing : undefined;
}

export function saveTiming(cacheDir: string, cwd: string, command: readonly string[], version: string, timing: Timing): void {
  const all = readAll(cacheDir);
  const key = keyOf(cwd, command, version);
  delete all[key]; // re-inserted last: the newest is kept longest
  all[key] = timing;
  const kept = Object.fromEntries(Object.entries(all).slice(-KEPT));
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temp = `${fileOf(cacheDir)}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(kept)}\n`);
    renameSync(temp, fileOf(cacheDir));
  } catch {
    // a read-only cache folder costs the next run its estimate, nothing more
  }
}
