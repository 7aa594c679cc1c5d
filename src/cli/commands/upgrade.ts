/**
 * @module cli/commands/upgrade
 * `straddle upgrade <pack> [dir]`: the loop. Returns its report; `onEvent` hears each iteration as it ends.
 */
import { loadPack } from '../../packs.ts';
import { runUpgrade, type UpgradeEvent, type UpgradeReport } from '../../upgrade/loop.ts';
import { StraddleError } from '../../errors.ts';
import { interruptible } from './interruptible.ts';
import { prepareToWrite } from './fix.ts';
import { replayInputs } from './replay.ts';

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
  /** The version cache (default: as `straddle test`). */
  cacheDir?: string;
  onEvent?: (event: UpgradeEvent) => void;
  /** Recorded requests to replay on every run, and the app's module or start command line. */
  requests?: string;
  app?: string;
  start?: string;
}

export async function upgrade(options: UpgradeCommandOptions): Promise<UpgradeReport> {
  prepareToWrite(options.cwd, options.force);
  const pack = await loadPack(options.pack);
  if (!options.requests && (options.app || options.start)) throw new StraddleError('--app and --start say how replay starts the app: pass --requests <file> with them.', 'E_BAD_VALUE');
  // the start command is one line, run by sh as npm runs scripts (`--` already holds the test command)
  const replay = options.requests ? await replayInputs(options.cwd, { requests: options.requests, app: options.app, command: options.start ? ['sh', '-c', options.start] : undefined }) : undefined;
  return interruptible(
    'Interrupted: every test process was stopped, the iteration in progress put back (the iterations kept before it stay) and the temporary copies removed.',
    (signal) => runUpgrade(pack, { ...options, replay, signal }),
  );
}
