/**
 * @module matrix/types
 * The data the version matrix takes and gives back. The matrix knows nothing about any framework: the package to
 * swap, its versions and its types package all come in as data.
 */
import type { CopyPool } from './copy-pool.ts';

export interface MatrixOptions {
  /** The project: a directory with a package.json. Never written to. */
  cwd: string;
  /** The package whose version is swapped (a pack's `packageName`). */
  packageName: string;
  /** Semver ranges, majors, exact versions or dist-tags, e.g. ['4', '5'] or ['^4.21', '5.3.0']. */
  versions: string[];
  /**
   * Default: the project's `test` script by its own package manager (project/package-manager): `npm test`,
   * `pnpm test`, `yarn test`, `bun run test`, through npx at the version package.json pins where needed.
   */
  command?: string[];
  /** A pack's `typesPackage`: where the project has it installed, a swapped version brings the same major of it. */
  typesPackage?: string;
  /**
   * A pack's `companions`: for a major, the packages that must move with it (plugins that serve one major only) and
   * the range of each that serves it. A swapped version brings, where the project has one installed in a version
   * outside that range, the newest version in it.
   */
  companions?: (major: number) => Readonly<Record<string, string>>;
  /** Default: $XDG_CACHE_HOME/straddle (or ~/.cache/straddle). */
  cacheDir?: string;
  /**
   * How many versions run at once. Default 1: suites that listen on fixed ports collide when run together. A run
   * that shows a port collision when run together is rerun alone, so the verdict never depends on this.
   */
  concurrency?: number;
  /**
   * Copies kept between runs (the upgrade loop's): a version's copy is made once and refreshed from the project at
   * each later run (see copy-pool.ts). Without it, every run makes its copies afresh and removes them after.
   */
  copies?: CopyPool;
  /**
   * For a run that only answers yes or no (the upgrade loop's trials of a change): the versions run one at a time,
   * the last (the new major, where a change is most likely needed) first, and once a result answers true the versions
   * not yet run are not run; their results say so (`notRun`), and the report is not ok. Results keep the versions'
   * order.
   */
  decideEarly?: (result: VersionResult, index: number) => boolean;
  /** With decideEarly, the versions (as requested) to run before the others: those most likely to decide. */
  decideFirst?: readonly string[];
  /** The versions (as requested) to run; the others are marked not run (`notRun`), and the report is not ok. */
  only?: readonly string[];
  /** Extra environment for the test process. */
  env?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (event: MatrixEvent) => void;
}

/** One line of a run's proof file (matrix/proof, matrix/count-in-process), its kind told by `via`. */
export interface ProofLine {
  via: string;
}

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** One copy of the package that a test process executed. */
export interface LoadedPackage {
  version: string;
  /** Its folder, relative to the project copy the run used (`node_modules/<package>`); absolute only outside it. */
  path: string;
}

export interface VersionResult {
  /** As given in `versions`, e.g. '5'. */
  requested: string;
  /** What `requested` resolved to, e.g. '5.3.0'. */
  resolved: string;
  /** Whether the project's own installed version ran (it satisfied `requested`) or a copy from the cache was swapped in. */
  source: 'project' | 'swapped';
  /** The copy the project's own require resolved, as the test process loaded it; null when it never loaded it. */
  loaded: LoadedPackage | null;
  /** Every distinct copy seen loading (aliases and dependencies' own copies included, as information). */
  loadedAll: LoadedPackage[];
  ok: boolean;
  /** The test command's exit code (a signal counts as 128 + its number); -1 when the command never ran. */
  exitCode: number;
  counts: TestCounts | null;
  /**
   * Where the counts come from: the runner's own events inside the test processes, the summaries in the output, or
   * the exit codes of the project's own scripts (one test a script); null when nothing could be counted.
   */
  countedBy: 'runner' | 'output' | 'exit codes' | null;
  /** The failed tests by name (sorted), where the runner's output names them; null where it does not. */
  failedTests: string[] | null;
  durationMs: number;
  /** stdout and stderr, interleaved in arrival order. */
  output: string;
  /**
   * What the test processes printed themselves (their failures' stacks, their servers' logged errors), read from
   * inside them, where the command's output does not show it (a wrapper that prints a line a file).
   */
  processOutput?: string;
  /** Set when the run cannot be trusted or did not happen: the proof failed, the install failed, and so on. */
  failure: string | null;
  /** Information that does not change the verdict, e.g. that the suite never loaded the package (it mocks it). */
  note: string | null;
  /** Not run: an earlier version's result already decided the run (`MatrixOptions.decideEarly`), or not asked for (`only`). */
  notRun?: true;
  /** The run was repeated alone because running beside another version showed a port collision. */
  rerunAlone?: boolean;
  /** The companions swapped in beside this version (see `MatrixOptions.companions`), each with the version it replaced. */
  companions?: SwappedCompanion[];
}

export interface SwappedCompanion {
  name: string;
  version: string;
  /** The version the project has installed. */
  replaced: string;
}

export interface MatrixReport {
  packageName: string;
  cwd: string;
  command: string[];
  ok: boolean;
  durationMs: number;
  results: VersionResult[];
  /** Tests that failed, by name, on every version: not caused by the version (network, an unbuilt asset). */
  failingOnAll: string[];
  /** Set when this run was one shard of several (`test --shard k/n`: its share of the versions). */
  shard?: { index: number; count: number };
}

export type MatrixEvent =
  | { type: 'metadata'; packageName: string; source: 'cache' | 'registry' | 'stale-cache' }
  | { type: 'resolved'; requested: string; version: string }
  | { type: 'install'; packageName: string; version: string; fromCache: boolean }
  /** `expected`: what the same suite took on the same version last time, where it ran before (matrix/timings). */
  | { type: 'start'; requested: string; version: string; expected?: { durationMs: number; tests: number | null } }
  /** Every second while a version's suite runs: the time so far, and the tests its output shows done (matrix/live-count). */
  | { type: 'running'; requested: string; version: string; elapsedMs: number; tests: number; expected?: { durationMs: number; tests: number | null } }
  /** `setupMs`: the private copy and the swap before the command ran (none where it never ran). */
  | { type: 'done'; result: VersionResult; setupMs?: number };
