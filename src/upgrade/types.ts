/**
 * @module upgrade/types
 * What `straddle upgrade` takes and gives: its options, its events and its report, shared by the loop's stages and
 * the reporters.
 */
import type { MatrixEvent } from '../matrix/types.ts';
import type { ReplayOptions } from '../replay/replay.ts';
import type { Finding } from '../rule.ts';
import type { RuntimeWarning, VersionDiagnosis } from './diagnose.ts';

export interface UpgradeOptions {
  cwd: string;
  maxIterations?: number;
  /** Commit each iteration that kept a change. */
  commit?: boolean;
  assumeHandlers?: boolean;
  /** Leave test files alone (default: app code inside tests may be rewritten when it breaks). */
  testEdits?: boolean;
  /** Library mode on or off; by default a package that publishes code with the framework not among its dependencies. */
  library?: boolean;
  /** The test command (default: the project's `test` script by its own package manager, as in `straddle test`). */
  command?: string[];
  cacheDir?: string;
  onEvent?: (event: UpgradeEvent) => void;
  /** Recorded requests replayed on every run (`--requests`): an answer that differs between the majors counts as a failing test of the new one. */
  replay?: Omit<ReplayOptions, 'cwd' | 'cacheDir'>;
  /**
   * Stops the loop (Ctrl-C): the running tests' processes are stopped, the iteration in progress is put back (the
   * iterations kept before it stay), the loop's copies are removed, and runUpgrade rejects.
   */
  signal?: AbortSignal;
}

export interface Change {
  /** What was done, in a sentence. */
  what: string;
  files: string[];
}

export interface Reverted {
  files: string[];
  /** What got worse with them, one line per version and reason. */
  because: string[];
}

export interface Iteration {
  index: number;
  /** What the iteration tried. */
  changes: Change[];
  /** What the ratchet put back because a test that passed before failed with it; kept = changes minus these. */
  reverted: Reverted | null;
  /** How each major does with what was kept. */
  versions: VersionDiagnosis[];
  warnings: RuntimeWarning[];
  committed: boolean;
}

/**
 * The verdict the user reads: a run of the tree exactly as the loop leaves it (committed, with `--commit`), in fresh
 * copies on every major, with node_modules installed as its lockfile says where the loop ran an install. Never an
 * iteration's own run: a put-back or a failed install can leave the tree apart from what an iteration measured.
 */
export interface FinalVerdict {
  ok: boolean;
  versions: VersionDiagnosis[];
  warnings: RuntimeWarning[];
  /** False when the tree and node_modules were never changed, so iteration 0's run was already a fresh run of it. */
  ranAgain: boolean;
}

/** `baseline`: what still fails, fails on both majors alike (the project's own failures, not the upgrade's). */
export type StopReason = 'green' | 'baseline' | 'stuck' | 'max-iterations';

export interface UpgradeReport {
  pack: string;
  cwd: string;
  ok: boolean;
  stopReason: StopReason;
  /** A library (publishes code, the framework only a peer or dev dependency): its tests get the shim only for failures their own server code throws. */
  library: boolean;
  /** Set when the loop put every change back at the end because none made anything better. */
  putBack: Reverted | null;
  /** Iteration 0 is the project as it was, before any change; the others are history, the result is `final`. */
  iterations: Iteration[];
  final: FinalVerdict;
  /** Files that differ from the start, test files apart. */
  changedFiles: string[];
  changedTestFiles: string[];
  /** Findings still open after the last fix (reported, shim-covered, or low confidence). */
  openFindings: Finding[];
  /** What the loop could not do or took back at its end, one line each (a failed install, unneeded test edits). */
  notes: string[];
  /** A library green on both majors: the CI job that keeps it so (GitHub Actions, one run per major). */
  ciMatrix: string | null;
}

export type UpgradeEvent =
  | { type: 'iteration-start'; index: number }
  | { type: 'changed'; index: number; change: Change }
  | { type: 'tested'; index: number; iteration: Iteration }
  /** The matrix of a run in progress (`phase`: "as it is", "iteration 2", "final verdict"…), for a progress line. */
  | { type: 'matrix'; index: number; phase: string; event: MatrixEvent };
