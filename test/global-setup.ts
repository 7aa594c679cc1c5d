/**
 * Every temporary folder a test makes, and every process it starts, lives under one folder per run of the suite,
 * removed when the run ends: many tests make folders under the temp folder, and a run used to leave hundreds behind.
 * Caches meant to outlive a run (the version cache the matrix tests share) stay in the machine's temp folder.
 * Workers are created after this runs, so they and their children inherit TMPDIR (os.tmpdir() reads it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const shared = tmpdir();
  const dir = mkdtempSync(path.join(shared, 'straddle-tests-'));
  process.env.STRADDLE_SHARED_TMP ??= shared;
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
