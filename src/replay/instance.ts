/**
 * @module replay/instance
 * One running app, in its own process and its own copy of the project, on 127.0.0.1 only: either a module that
 * exports the app (a harness loads it and listens on a port the system picks), or the project's own start command
 * given a free port in PORT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export interface AppSpec {
  /** A module (relative to the project) whose export is the app, an `http.Server` listener, or a function that returns one. */
  app?: string;
  /** Else: a command that starts the app listening on `PORT` (and, where it reads it, `HOST`). */
  command?: string[];
  env?: NodeJS.ProcessEnv;
  /** How long the app may take to listen. */
  startTimeoutMs?: number;
}

export interface Instance {
  port: number;
  /** What the process printed so far (its warnings, its errors). */
  output(): string;
  stop(): Promise<void>;
}

const PORT_LINE = /^straddle-replay-port (\d+)$/m;
// the harness: CJS so that it runs under any project; an ESM app module is loaded by import()
const HARNESS = `'use strict';
const http = require('http');
const { pathToFileURL } = require('url');
const target = process.argv[2];
const pick = (m) => [m, m && m.default, m && m.app, m && m.default && m.default.app, m && m.server].find((v) => v && (typeof v === 'function' || typeof v.listen === 'function'));
(async () => {
  let mod;
  try { mod = require(target); } catch (error) {
    if (error.code !== 'ERR_REQUIRE_ESM') throw error;
    mod = await import(pathToFileURL(target).href);
  }
  let app = pick(mod);
  if (!app) throw new Error(target + ' exports no app (module.exports, default or app: a function or something with listen())');
  // a factory (createApp()) gives the app; an app is itself a function with listen()
  if (typeof app.listen !== 'function' && app.length === 0) app = await app();
  const server = app instanceof http.Server ? app : http.createServer(app);
  server.listen(0, '127.0.0.1', () => process.stdout.write('straddle-replay-port ' + server.address().port + '\\n'));
})().catch((error) => { console.error(error && error.stack || error); process.exit(1); });
`;

export async function startInstance(dir: string, spec: AppSpec): Promise<Instance> {
  const timeout = spec.startTimeoutMs ?? 30_000;
  let port = 0;
  let args: string[];
  if (spec.app) {
    const harness = path.join(dir, '..', 'straddle-replay-harness.cjs');
    await writeFile(harness, HARNESS);
    args = [process.execPath, harness, path.resolve(dir, spec.app)];
  } else {
    port = await freePort();
    args = spec.command!;
  }
  const child = spawn(args[0]!, args.slice(1), {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production', ...spec.env, ...(port ? { PORT: String(port), HOST: '127.0.0.1' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const instance: Instance = { port, output: () => output, stop: () => stop(child) };
  try {
    instance.port = spec.app ? await portLine(child, () => output, timeout) : await listening(child, port, timeout);
    return instance;
  } catch (error) {
    await instance.stop();
    throw new Error(`${(error as Error).message}${output.trim() ? `; it printed:\n${output.trim().split('\n').slice(-15).join('\n')}` : ''}`);
  }
}

function portLine(child: ChildProcess, output: () => string, timeout: number): Promise<number> {
  return waitFor(child, timeout, async () => {
    const match = PORT_LINE.exec(output());
    return match ? Number(match[1]) : undefined;
  });
}

function listening(child: ChildProcess, port: number, timeout: number): Promise<number> {
  return waitFor(child, timeout, () => new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(port);
    });
    socket.on('error', () => resolve(undefined));
  }));
}

/** Polls `probe` until it gives a port, the process exits, or the time is up. */
async function waitFor(child: ChildProcess, timeout: number, probe: () => Promise<number | undefined>): Promise<number> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app exited (${child.exitCode ?? child.signalCode}) before it listened`);
    const port = await probe();
    if (port) return port;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the app did not listen within ${Math.round(timeout / 1000)} s`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Stops the process and everything it started (its own process group). */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    kill('SIGTERM');
  });
}
