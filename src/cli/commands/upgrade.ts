/**
 * @module cli/commands/upgrade
 * `straddle upgrade <pack> [dir]`: the loop. Returns its report; `onEvent` hears each iteration as it ends.
 */
import { loadPack } from '../../packs.ts';
import { runUpgrade, type UpgradeEvent, type UpgradeReport } from '../../upgrade/loop.ts';
import { prepareToWrite } from './fix.ts';

export interface UpgradeCommandOptions {
  pack: string;
  cwd: string;
  force?: boolean;
  commit?: boolean;
  maxIterations?: number;
  assumeHandlers?: boolean;
  testEdits?: boolean;
  library?: boolean;
  command?: string[];
  onEvent?: (event: UpgradeEvent) => void;
}

export async function upgrade(options: UpgradeCommandOptions): Promise<UpgradeReport> {
  prepareToWrite(options.cwd, options.force);
  const pack = await loadPack(options.pack);
  return runUpgrade(pack, options);
}
