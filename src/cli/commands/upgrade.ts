/**
 * @module cli/commands/upgrade
 * `straddle upgrade <pack> [dir]`: the loop, with each iteration printed as it ends.
 */
import { EXIT } from '../../errors.ts';
import { loadPack } from '../../packs.ts';
import { runUpgrade } from '../../upgrade/loop.ts';
import { useColor } from '../_color.ts';
import { prepareToWrite } from './fix.ts';

export interface UpgradeCommandOptions {
  pack: string;
  cwd: string;
  force?: boolean;
  commit?: boolean;
  json?: boolean;
  maxIterations?: number;
  assumeHandlers?: boolean;
  testEdits?: boolean;
  command?: string[];
}

export async function upgrade(options: UpgradeCommandOptions): Promise<number> {
  prepareToWrite(options.cwd, options.force);
  const pack = await loadPack(options.pack);
  const { formatIteration, formatUpgradeReport } = await import('../../reporters/upgrade.ts');
  const color = useColor();
  const report = await runUpgrade(pack, {
    ...options,
    onEvent: (event) => {
      if (options.json) return;
      if (event.type === 'iteration-start') console.log(event.index === 0 ? `Testing ${options.cwd} as it is, on both majors…` : `\nIteration ${event.index}: fixing…`);
      if (event.type === 'tested') console.log(formatIteration(event.iteration, { color }));
    },
  });
  console.log(options.json ? JSON.stringify(report, null, 2) : formatUpgradeReport(report, { color }));
  return report.ok ? EXIT.ok : EXIT.findings;
}
