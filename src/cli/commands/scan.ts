/**
 * @module cli/commands/scan
 * `straddle scan <pack> [dir]`: every site that breaks on the new major, with its rule, spec rows and fixability.
 */
import { runPack, type RunReport } from '../../engine/run.ts';
import { loadPack } from '../../packs.ts';
import type { Shard } from '../../engine/shard.ts';

export interface ScanOptions {
  pack: string;
  cwd: string;
  only?: string[];
  skip?: string[];
  assumeHandlers?: boolean;
  jobs?: number;
  types?: boolean;
  /** Scan `*.min.js` too. */
  includeMinified?: boolean;
  /** Only this part of the files (engine/shard). */
  shard?: Shard;
  onProgress?: (done: number, total: number) => void;
}

export async function scan(options: ScanOptions): Promise<RunReport> {
  const pack = await loadPack(options.pack);
  return runPack(pack, { ...options, fix: false });
}
