/**
 * @module engine/worker
 * A worker thread's entry: one batch of files through one pack.
 */
import { loadPack } from '../packs.ts';
import { processFiles, type ProcessOptions, type ProcessedFile } from './process-files.ts';

export interface WorkerTask {
  packId: string;
  files: string[];
  options: ProcessOptions;
}

export default async function processBatch(task: WorkerTask): Promise<ProcessedFile[]> {
  const pack = await loadPack(task.packId);
  return processFiles(pack, task.files, task.options);
}
