/**
 * What the load benches share: autocannon (typed for the part used), servers in child processes of their own that
 * answer their port and their CPU time, and the median of the rounds.
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';

/** The part of autocannon's result used here (the package ships no types). */
export interface LoadResult {
  errors: number;
  non2xx: number;
  requests: { average: number; total: number };
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<LoadResult>;

export interface Server {
  /** the first app's port */
  port: number;
  /** every app's port, by the name it was served under */
  ports: Record<string, number>;
  cpu(): Promise<NodeJS.CpuUsage>;
  /** kills the server and resolves when it is gone */
  stop(): Promise<void>;
}

/**
 * In the child: serve each app on a port of its own at 127.0.0.1, tell the parent the ports, answer its CPU-time
 * questions. Several apps in one process are variants measured side by side (see compareInProcess).
 */
export async function serveForParent(apps: RequestListener | Record<string, RequestListener>): Promise<void> {
  const ports: Record<string, number> = {};
  for (const [name, app] of Object.entries(typeof apps === 'function' ? { app: apps } : apps)) {
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports[name] = (server.address() as AddressInfo).port;
  }
  process.send?.({ ports });
  process.on('message', () => process.send?.({ cpu: process.cpuUsage() }));
}

/**
 * With taskset and cores to spare, servers run on the last core and the load (this process, autocannon) on the
 * others, so that neither lands on the other's core: measured here, a round's spread between two servers of the same
 * app narrows from ±14 % to ±5 %. Decided once, in the parent (servers import this module too).
 */
let serverCore: string | null | undefined;
function pinLoadAway(): string | null {
  if (serverCore !== undefined) return serverCore;
  const cores = availableParallelism();
  try {
    if (cores < 2) throw new Error('one core');
    execFileSync('taskset', ['-a', '-pc', `0-${cores - 2}`, String(process.pid)], { stdio: 'ignore' });
    serverCore = String(cores - 1);
  } catch {
    serverCore = null;
  }
  return serverCore;
}

/** Whether the servers run on a core of their own (see pinLoadAway); said in the benches' output. */
export const pinnedNote = () => (pinLoadAway() === null ? 'servers not pinned (no taskset or one core)' : `servers on core ${serverCore}, load on the others`);

/** In the parent: `script serve …args` in a child process, which calls serveForParent. */
export async function startServer(script: string, args: string[]): Promise<Server> {
  const core = pinLoadAway();
  const child: ChildProcess =
    core === null
      ? fork(script, ['serve', ...args], { stdio: 'inherit' })
      : spawn('taskset', ['-c', core, process.execPath, ...process.execArgv, script, 'serve', ...args], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  const ports = await new Promise<Record<string, number>>((resolve, reject) => {
    child.once('message', (m: any) => resolve(m.ports));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const cpu = () =>
    new Promise<NodeJS.CpuUsage>((resolve) => {
      child.once('message', (m: any) => resolve(m.cpu));
      child.send!('cpu');
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { port: Object.values(ports)[0]!, ports, cpu, stop: () => (child.kill(), exited) };
}

export interface Sample {
  rps: number;
  /** server CPU microseconds (user + system) per request */
  cpu: number;
}

/** One round of load on a server, with the server's own CPU time per request. */
async function measure(server: Server, load: (port: number) => Promise<LoadResult>, port = server.port): Promise<Sample> {
  const before = await server.cpu();
  const result = await load(port);
  const after = await server.cpu();
  const used = after.user - before.user + after.system - before.system;
  return { rps: result.requests.average, cpu: used / result.requests.total };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** autocannon at 127.0.0.1:port for `seconds`, cycling through `requests`; a bad answer stops the bench. */
export async function loadWith(port: number, seconds: number, connections: number, requests: Record<string, unknown>[], allowedNon2xx = 0): Promise<LoadResult> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: seconds, requests });
  if (result.errors || result.non2xx > allowedNon2xx * result.requests.total + (allowedNon2xx ? 1 : 0)) {
    throw new Error(`bench app answered badly: ${result.errors} errors, ${result.non2xx} non-2xx`);
  }
  return result;
}

/**
 * How long a fresh server is under load before a round measures it: measured here, a server's req/s climbs for its
 * first 3–4 s (the JIT at work) and then holds within a few percent; measured from its second second, every round
 * compared two processes at different points of that climb.
 */
const WARM_SECONDS = 5;

/** A variant's medians, and its cost against the first variant (the baseline) in percent. */
export interface Compared extends Sample {
  /** requests/s lost, the median of each round's own ratio */
  rpsCost: number;
  /** server CPU per request added, the median of each round's own ratio */
  cpuCost: number;
}

/**
 * Each variant under the same load, `rounds` times, each time in a server process of its own (started, warmed up for
 * WARM_SECONDS, measured, stopped), in an order rotated each round so that drift hits all alike. A variant's cost is the
 * median of the rounds' own ratios to the baseline measured beside it, not the ratio of two medians. Both because,
 * measured on this 2-core machine: two servers of the same app in two processes differ by up to 10 % for as long as
 * they live (where the process and its JIT happen to land), and one process's speed drifts between rounds by more
 * than the costs measured. One process per variant for all rounds measured that luck, not the variant.
 */
export async function compareVariants<V extends string>(start: (variant: V) => Promise<Server>, variants: readonly V[], load: (port: number, seconds: number) => Promise<LoadResult>, rounds: number, seconds: number): Promise<Record<V, Compared>> {
  const samples = Object.fromEntries(variants.map((v) => [v, [] as Sample[]])) as Record<V, Sample[]>;
  for (let round = 0; round < rounds; round++) {
    const order = rotated(variants, round);
    for (const variant of order) {
      const server = await start(variant);
      try {
        await measure(server, (port) => load(port, WARM_SECONDS));
        samples[variant].push(await measure(server, (port) => load(port, seconds)));
      } finally {
        await server.stop();
      }
    }
  }
  return summarize(samples, variants);
}

/** The variants in turn `by` places on: over as many turns as variants, each at every place and after every other. */
const rotated = <V>(variants: readonly V[], by: number): V[] => variants.map((_, i) => variants[(i + by) % variants.length]!);

/** Each variant's medians and its cost against the first variant, from samples paired by index. */
function summarize<V extends string>(samples: Record<V, Sample[]>, variants: readonly V[]): Record<V, Compared> {
  const base = samples[variants[0]!];
  const compared = (v: V): Compared => ({
    rps: median(samples[v].map((s) => s.rps)),
    cpu: median(samples[v].map((s) => s.cpu)),
    rpsCost: median(samples[v].map((s, i) => (1 - s.rps / base[i]!.rps) * 100)),
    cpuCost: median(samples[v].map((s, i) => (s.cpu / base[i]!.cpu - 1) * 100)),
  });
  return Object.fromEntries(variants.map((v) => [v, compared(v)])) as Record<V, Compared>;
}

/**
 * Variants that can share a process (a middleware on an app of its own, nothing global), measured in one server
 * process per round: every variant warmed up, then `cycles` turns of each measured in an order rotated each cycle, so
 * that every variant is measured at every place and after every other equally often. Each pair of samples then
 * compares two apps in the same process and heap: two processes of one app differ here by up to 10 % (and by 15 %
 * from one moment to the next on this shared machine), which paired samples of two processes carry into every
 * ratio. Give the first variant a copy of itself among the others: its cost is the measurement's own noise. (Tried
 * first: an order reversed each cycle measured the first and last variants twice in a row, and that copy cost 3–5 %.)
 */
export async function compareInProcess<V extends string>(start: () => Promise<Server>, variants: readonly V[], load: (port: number, seconds: number) => Promise<LoadResult>, { rounds, cycles, seconds }: { rounds: number; cycles: number; seconds: number }): Promise<Record<V, Compared>> {
  const samples = Object.fromEntries(variants.map((v) => [v, [] as Sample[]])) as Record<V, Sample[]>;
  for (let round = 0; round < rounds; round++) {
    const server = await start();
    try {
      for (const variant of variants) await measure(server, (port) => load(port, WARM_SECONDS / variants.length + 1), server.ports[variant]);
      for (let cycle = 0; cycle < cycles; cycle++) {
        for (const variant of rotated(variants, cycle)) samples[variant].push(await measure(server, (port) => load(port, seconds), server.ports[variant]));
      }
    } finally {
      await server.stop();
    }
  }
  return summarize(samples, variants);
}
