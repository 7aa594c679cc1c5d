/**
 * @module codemods/fastify/_testing/behaviour
 * Runs a fixture app on real Fastify 4 or 5 (the `fastify4` / `fastify5` npm aliases) and records what it answers,
 * so a rule's output can be proven to behave the same on both majors, and as its input did on 4. The fixture is
 * ordinary app code (`require('fastify')`, `import Fastify from 'fastify'`) exporting its instance; `fastify` is
 * bound to one major by the `require` it is evaluated with (nothing is written into node_modules). The harness starts
 * it on 127.0.0.1 and sends real HTTP requests, unless the fixture listens itself (`listens`: a `listen` fixture), in
 * which case what it bound is part of the answer.
 */
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

export type Major = 4 | 5;

export interface RequestSpec {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface BehaviourSpec {
  requests: RequestSpec[];
  /** Extra response headers to compare (status, body, content-type and location always are). */
  headers?: string[];
  /** False when the rule deliberately changes what Fastify 4 answered; the output must still answer the same on 4 and 5. */
  sameAsInputOn4?: boolean;
  /**
   * `types`: the input breaks on 5 in type checks only, so over HTTP only the fix's sameness is proven.
   * `older-minors`: the input breaks on 5 only as seen from 4.x minors older than the fastify4 devDependency (4.29
   * already behaves as 5 there; the table's row names the minors and was probed on them), so over HTTP only the fix's
   * sameness is proven.
   */
  breaksAt?: 'types' | 'older-minors';
  /**
   * The fixture calls `listen` itself: the harness waits for that call to finish (its callback ran, or its promise
   * settled), records the addresses it bound (without ports) and sends the requests there. Fixtures listen on
   * loopback only: a port of 0 and `127.0.0.1`, `::1` or Fastify's default, `localhost`.
   */
  listens?: boolean;
}

export interface Answer {
  status: number;
  headers: Record<string, string | null>;
  body: string;
}

export interface Answers {
  /** What a listening fixture bound: `IPv4 127.0.0.1`, …, sorted; absent when the harness listened. */
  bound?: string[];
  responses: Answer[];
}

/** An app as loaded: the instance the fixture exports, and its own `listen` calls, settled or not. */
export interface LoadedApp {
  app: FastifyLike;
  listening: Promise<unknown>[];
}

/** What the harness uses of an instance (the same on both majors). */
interface FastifyLike {
  listen(options: { port: number; host: string }): Promise<string>;
  addresses(): AddressInfo[];
  ready(): PromiseLike<unknown>;
  close(): PromiseLike<unknown>;
}

const ALWAYS_COMPARED = ['content-type', 'location'];
const requireHere = createRequire(import.meta.url);

/** The `fastify` module of one major, its instances' `listen` calls watched: `listening` gets one promise per call. */
function watchedFactory(major: Major, listening: Promise<unknown>[]): unknown {
  const real = requireHere(`fastify${major}`) as (...args: unknown[]) => Record<string, unknown>;
  const factory = function (this: unknown, ...args: unknown[]) {
    const app = real.apply(this, args);
    const listen = app.listen as (...listenArgs: unknown[]) => unknown;
    app.listen = function (this: unknown, ...listenArgs: unknown[]) {
      let done!: () => void;
      let fail!: (error: unknown) => void;
      const settled = new Promise<void>((resolve, reject) => ((done = resolve), (fail = reject)));
      // awaited by `answers`; a fixture that fails while loading never gets there, and that is its answer already
      settled.catch(() => undefined);
      listening.push(settled);
      const last = listenArgs.at(-1);
      if (typeof last === 'function') {
        listenArgs[listenArgs.length - 1] = function (this: unknown, ...cbArgs: unknown[]) {
          try {
            return last.apply(this, cbArgs);
          } finally {
            done();
          }
        };
      }
      // the same arguments, so a major that throws on them throws here, at the fixture's own call
      let result: PromiseLike<unknown> | undefined;
      try {
        result = listen.apply(this, listenArgs) as PromiseLike<unknown> | undefined;
      } catch (error) {
        fail(error);
        throw error;
      }
      if (result && typeof result.then === 'function') result.then(done, done);
      else if (typeof last !== 'function') done();
      return result;
    };
    return app;
  };
  return Object.assign(factory, real, { default: factory, fastify: factory });
}

/** `require` for a fixture: `fastify` is the major's, anything else resolves from the fixture as in an app. */
function requireFor(major: Major, fixtureFile: string, listening: Promise<unknown>[]): NodeRequire {
  const fromFixture = createRequire(fixtureFile);
  const fastify = watchedFactory(major, listening);
  return Object.assign(
    (id: string) => {
      if (id === 'fastify') return fastify;
      if (id === 'fastify/package.json') return requireHere(`fastify${major}/package.json`);
      return fromFixture(id);
    },
    { resolve: fromFixture.resolve, cache: fromFixture.cache, main: undefined, extensions: fromFixture.extensions },
  ) as NodeRequire;
}

/** Evaluates fixture source (JS or TS, CJS or ESM syntax) with `fastify` bound to the given major. */
export function loadApp(code: string, fileName: string, major: Major): LoadedApp {
  const js = ts.transpileModule(code, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  const absolute = path.resolve(fileName);
  const listening: Promise<unknown>[] = [];
  const evaluate = new Function('require', 'module', 'exports', '__filename', '__dirname', js);
  evaluate(requireFor(major, absolute, listening), module, module.exports, absolute, path.dirname(absolute));
  const exported = module.exports as Record<string, unknown>;
  const app = (typeof exported.listen === 'function' ? exported : (exported.default ?? exported.app)) as FastifyLike | undefined;
  if (!app || typeof app.listen !== 'function') throw new Error(`${fileName}: the fixture must export its Fastify instance (module.exports = app / export default app)`);
  return { app, listening };
}

/** Waits for `promise`, failing after `ms`: a fixture whose own listen never finishes must not hang the test. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the app on 127.0.0.1 (or waits for its own listen), sends each request in order, and records the answers. */
export async function answers(loaded: LoadedApp, spec: BehaviourSpec): Promise<Answers> {
  const { app, listening } = loaded;
  const compared = [...ALWAYS_COMPARED, ...(spec.headers ?? [])].map((h) => h.toLowerCase());
  try {
    let base: string;
    let bound: string[] | undefined;
    if (spec.listens) {
      if (!listening.length) throw new Error('the fixture was to listen itself, and never called listen');
      await within(Promise.all(listening), 5_000, 'the fixture\'s listen');
      const addresses = app.addresses();
      bound = [...new Set(addresses.map((a) => `${a.family} ${a.address}`))].sort();
      const target = addresses.find((a) => a.family === 'IPv4') ?? addresses[0];
      if (!target) throw new Error('the fixture listens on no address');
      base = target.family === 'IPv6' ? `http://[${target.address}]:${target.port}` : `http://${target.address}:${target.port}`;
    } else {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const target = app.addresses().find((a) => a.family === 'IPv4')!;
      base = `http://127.0.0.1:${target.port}`;
    }
    const responses: Answer[] = [];
    for (const request of spec.requests) {
      const response = await fetch(`${base}${request.path}`, {
        method: request.method ?? 'GET',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(5_000),
      });
      const headers = Object.fromEntries(compared.map((name) => [name, response.headers.get(name)]));
      responses.push({ status: response.status, headers, body: await response.text() });
    }
    return bound ? { bound, responses } : { responses };
  } finally {
    await app.close();
  }
}

/** What the input answers on 4 and the output answers on 4 and on 5. */
export async function compareBehaviour(input: string, output: string, fileName: string, spec: BehaviourSpec) {
  return {
    inputOn4: await answers(loadApp(input, fileName, 4), spec),
    outputOn4: await answers(loadApp(output, fileName, 4), spec),
    outputOn5: await answers(loadApp(output, fileName, 5), spec),
  };
}
