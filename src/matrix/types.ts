/**
 * @module matrix/types
 * The data the version matrix takes and gives back. The matrix knows nothing about any framework: the package to
 * swap, its versions and its types package all come in as data.
 */

export interface MatrixOptions {
  /** The project: a directory with a package.json. Never written to. */
  cwd: string;
  /** The package whose version is swapped, e.g. 'express'. */
  packageName: string;
  /** Semver ranges, majors, exact versions or dist-tags, e.g. ['4', '5'] or ['^4.21', '5.3.0']. */
  versions: string[];
  /** Default: ['npm', 'test']. */
  command?: string[];
  /** e.g. '@types/express': TypeScript projects that use it are type-checked against each major's types. */
  typesPackage?: string;
  /** Default: $XDG_CACHE_HOME/straddle (or ~/.cache/straddle). */
  cacheDir?: string;
  /** Default: os.availableParallelism(). */
  concurrency?: number;
  /** Extra environment for the test process. */
  env?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (event: MatrixEvent) => void;
}

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** One copy of the package that a test process executed. */
export interface LoadedPackage {
  version: string;
  path: string;
}

export interface TypecheckResult {
  /** The types package version checked against, e.g. '5.0.6'. */
  typesVersion: string;
  ok: boolean;
  exitCode: number;
  output: string;
  durationMs: number;
}

export interface VersionResult {
  /** As given in `versions`, e.g. '5'. */
  requested: string;
  /** What `requested` resolved to, e.g. '5.3.0'. */
  resolved: string;
  /** What the test process really loaded (the cached copy when all went well), or null when nothing was loaded. */
  loaded: LoadedPackage | null;
  /** Every distinct copy seen loading, in order; more than one means the process mixed versions. */
  loadedAll: LoadedPackage[];
  ok: boolean;
  /** The test command's exit code (a signal counts as 128 + its number); -1 when the command never ran. */
  exitCode: number;
  counts: TestCounts | null;
  durationMs: number;
  /** stdout and stderr, interleaved in arrival order. */
  output: string;
  /** Set when the run cannot be trusted or did not happen: the proof failed, the install failed, and so on. */
  failure: string | null;
  typecheck: TypecheckResult | null;
}

export interface MatrixReport {
  packageName: string;
  cwd: string;
  command: string[];
  ok: boolean;
  durationMs: number;
  results: VersionResult[];
}

export type MatrixEvent =
  | { type: 'metadata'; packageName: string; source: 'cache' | 'registry' | 'stale-cache' }
  | { type: 'resolved'; requested: string; version: string }
  | { type: 'install'; packageName: string; version: string; fromCache: boolean }
  | { type: 'start'; requested: string; version: string }
  | { type: 'typecheck'; requested: string; typesVersion: string }
  | { type: 'done'; result: VersionResult };
