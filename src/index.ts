/**
 * @module straddle
 * The programmatic API: run a pack over a project, and the types to write packs and rules (those alone, for a
 * pack's own code, in ./authoring.ts).
 */
export * from './authoring.ts';
export { runPack, type RunOptions, type RunReport } from './engine/run.ts';
export { runFile, type FileResult, type FileRunOptions } from './engine/run-file.ts';
export { loadPack, packIds, packSource } from './packs.ts';
