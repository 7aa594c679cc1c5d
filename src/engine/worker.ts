/**
 * @module engine/worker
 * A worker thread's entry: one batch of files through one pack, loaded from the source the main thread loaded it
 * from (a built-in name or a module's file URL), so a pack from anywhere runs here too.
 */
import { loadPack } from '../packs.ts';
import { processFiles, type ProcessOptions, type ProcessedFile } from './process-files.ts';

export interface WorkerTask {
  /** What `loadPack` resolved the pack from (see `packSource`). */
  packSource: string;
  files: string[];
  options: ProcessOptions;
}

export default async function processBatch(task: WorkerTask): Promise<ProcessedFile[]> {
  const pack = await loadPack(task.packSource);
  return processFiles(pack, task.files, task.options);
}
