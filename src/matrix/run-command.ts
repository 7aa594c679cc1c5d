/**
 * @module matrix/run-command
 * Runs one command in its own process group and captures what it prints. Its own group so that stopping it stops
 * everything it started (test runners fork workers, `npm test` starts a shell), and nothing outlives the run.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Hears stdout and stderr as they arrive (a progress line's count). */
  onOutput?: (chunk: string) => void;
}

export interface RunResult {
  /** The exit code, or 128 + the signal number when a signal ended it. */
  exitCode: number;
  stdout: string;
  /** stdout and stderr interleaved in arrival order. */
  output: string;
  durationMs: number;
}

const KILL_GRACE_MS = 2000;

/** Resolves when the command and everything left in its process group are gone; never rejects on a failing exit. */
export function runCapture(command: string[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(abortError(options.signal));
    const [file, ...args] = command;
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const stdout: Buffer[] = [];
    const combined: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      combined.push(chunk);
      options.onOutput?.(chunk.toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      combined.push(chunk);
      options.onOutput?.(chunk.toString('utf8'));
    });

    let exitCode = 0;
    const onAbort = () => {
      killGroup(child.pid, 'SIGTERM');
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      exitCode = code ?? 128 + (signal ? os.constants.signals[signal] : 0);
      // Whatever the command left running (a server, a stuck worker) goes with it; it may hold our pipes open.
      killGroup(child.pid, 'SIGKILL');
    });
    child.on('close', () => {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) return reject(abortError(options.signal));
      resolve({
        exitCode,
        stdout: Buffer.concat(stdout).toString('utf8'),
        output: Buffer.concat(combined).toString('utf8'),
        durationMs: Math.round(performance.now() - started),
      });
    });
  });
}

export function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The matrix run was aborted.', 'AbortError');
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
