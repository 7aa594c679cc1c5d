/**
 * @module cli/commands/finish
 * `straddle finish <pack> [dir]`: drop the old major for good.
 */
import { loadPack } from '../../packs.ts';
import { runFinish, type FinishReport } from '../../upgrade/finish.ts';
import { prepareToWrite } from './fix.ts';

export interface FinishCommandOptions {
  pack: string;
  cwd: string;
  force?: boolean;
  command?: string[];
}

export async function finish(options: FinishCommandOptions): Promise<FinishReport> {
  prepareToWrite(options.cwd, options.force);
  const pack = await loadPack(options.pack);
  return runFinish(pack, options);
}
