/**
 * @module matrix
 * The version matrix: a project's own tests, once per version of one package, without touching the project.
 */
export { prepareCopies, runMatrix, type VersionCopy } from './run-matrix.ts';
export { defaultCacheDir } from './cache-dir.ts';
export { CopyPool } from './copy-pool.ts';
export { refusePlugAndPlay } from './plug-and-play.ts';
export type {
  LoadedPackage, MatrixEvent, MatrixOptions, MatrixReport, SwappedCompanion, TestCounts, VersionResult,
} from './types.ts';
