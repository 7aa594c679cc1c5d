/**
 * @module cli/commands/replay
 * `straddle replay <pack> [dir] --requests <file> (--app <module> | -- <start command>)`: recorded requests sent to
 * the app on both majors, in private copies. Returns the report; a replay that cannot start throws (exit 2).
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { StraddleError } from '../../errors.ts';
import { loadPack } from '../../packs.ts';
import { runReplay, type ReplayReport } from '../../replay/replay.ts';
import type { AppSpec } from '../../replay/instance.ts';
import { readRequests, type RecordedRequest } from '../../replay/requests.ts';

export interface ReplayCommandOptions {
  pack: string;
  cwd: string;
  requests: string;
  app?: string;
  command?: string[];
  unsafeMethods?: boolean;
  /** The command line that resets an instance's state before a request that changes it (run by sh). */
  reset?: string;
  concurrency?: number;
  timeoutMs?: number;
}

export async function replay(options: ReplayCommandOptions): Promise<ReplayReport> {
  const cwd = path.resolve(options.cwd);
  if (!(await access(path.join(cwd, 'package.json')).then(() => true, () => false))) {
    throw new StraddleError(`${cwd} has no package.json. Run \`straddle replay\` in a project, or pass its directory.`, 'E_NO_PACKAGE_JSON');
  }
  if (options.reset && !options.unsafeMethods) throw new StraddleError('--reset readies an instance for a request that changes state: pass --unsafe-methods with it.', 'E_BAD_VALUE');
  const inputs = await replayInputs(cwd, options);
  const pack = await loadPack(options.pack);
  try {
    return await runReplay(pack, { cwd, ...inputs, unsafeMethods: options.unsafeMethods, reset: options.reset ? ['sh', '-c', options.reset] : undefined, concurrency: options.concurrency, timeoutMs: options.timeoutMs });
  } catch (error) {
    throw error instanceof StraddleError ? error : new StraddleError(`Could not replay: ${(error as Error).message}`, 'E_REPLAY');
  }
}

/** The recorded requests and how to start the app, checked before anything runs (`replay`, `upgrade --requests`). */
export async function replayInputs(cwd: string, options: Pick<ReplayCommandOptions, 'requests' | 'app' | 'command'>): Promise<{ requests: RecordedRequest[]; app: AppSpec }> {
  if (!options.app === !options.command?.length) {
    throw new StraddleError('Say how to start the app: --app <module that exports it>, or a command that listens on $PORT (one of the two).', 'E_BAD_VALUE');
  }
  if (options.app && !(await access(path.resolve(cwd, options.app)).then(() => true, () => false))) {
    throw new StraddleError(`--app ${options.app}: no such file in ${cwd}.`, 'E_BAD_VALUE');
  }
  return { requests: await readRequests(path.resolve(options.requests)), app: { app: options.app, command: options.command } };
}
