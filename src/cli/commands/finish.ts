/**
 * @module cli/commands/finish
 * `straddle finish <pack> [dir]`: drop the old major for good.
 */
import { EXIT } from '../../errors.ts';
import { loadPack } from '../../packs.ts';
import { runFinish } from '../../upgrade/finish.ts';
import { useColor } from '../_color.ts';
import { prepareToWrite } from './fix.ts';

export interface FinishCommandOptions {
  pack: string;
  cwd: string;
  force?: boolean;
  json?: boolean;
  command?: string[];
}

export async function finish(options: FinishCommandOptions): Promise<number> {
  prepareToWrite(options.cwd, options.force);
  const pack = await loadPack(options.pack);
  const report = await runFinish(pack, options);
  const { formatFinishReport } = await import('../../reporters/upgrade.ts');
  console.log(options.json ? JSON.stringify(report, null, 2) : formatFinishReport(report, { color: useColor() }));
  return report.ok ? EXIT.ok : EXIT.findings;
}
