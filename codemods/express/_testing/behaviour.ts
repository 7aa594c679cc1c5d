/**
 * @module codemods/express/_testing/behaviour
 * Runs a fixture app on real Express 4 or 5 (the `express4` / `express5` npm aliases) and records what it answers,
 * so a rule's output can be proven to behave the same on both majors, and as its input did on 4.
 * The fixture is ordinary app code (`require('express')` or `import express from 'express'`) exporting its app.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import * as listRoutesHelper from '../../../shims/express/list-routes.ts';
import * as staticTypeHelper from '../../../shims/express/static-type.ts';
import { LIST_ROUTES, STATIC_TYPE } from '../_vendor.ts';

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
  /**
   * False when the rule deliberately changes what Express 4 answered (e.g. a 4.x bug the dual form does not keep);
   * the output must still answer the same on 4 and 5.
   */
  sameAsInputOn4?: boolean;
  /** `types`: the input breaks on 5 in type checks or lint only, so over HTTP only the fix's sameness is proven. */
  breaksAt?: 'types';
  /**
   * Compare `content-type` with its charset in lower case: Express 5 writes `charset=utf-8` where 4 wrote `UTF-8`
   * (row 51, mime-javascript's), which a rule about something else neither causes nor fixes.
   */
  charsetCase?: 'ignore';
}

export interface Answer {
  status: number;
  headers: Record<string, string | null>;
  body: string;
}

const ALWAYS_COMPARED = ['content-type', 'location'];
const requireHere = createRequire(import.meta.url);

/** Modules Express brings with it resolve from that major's own install, as they would in an app. */
function requireFor(major: Major, fixtureFile: string): NodeRequire {
  const expressName = `express${major}`;
  const fromExpress = createRequire(requireHere.resolve(`${expressName}/package.json`));
  const fromFixture = createRequire(fixtureFile);
  const bundled = new Set(['body-parser', 'serve-static', 'path-to-regexp', 'router', 'send', 'qs']);
  return Object.assign(
    (id: string) => {
      if (id === 'express') return requireHere(expressName);
      // `express/lib/…`, `express/package.json`: that major's own files, as an app's deep require finds them
      if (id.startsWith('express/')) return requireHere(`${expressName}/${id.slice('express/'.length)}`);
      if (bundled.has(id)) return fromExpress(id);
      // the helper a fix writes next to the file: its source, which the vendored file is built from
      if (id === `./${LIST_ROUTES}.cjs`) return listRoutesHelper;
      if (id === `./${STATIC_TYPE}.cjs`) return staticTypeHelper;
      return fromFixture(id);
    },
    { resolve: fromFixture.resolve, cache: fromFixture.cache, main: undefined, extensions: fromFixture.extensions },
  ) as NodeRequire;
}

/** Drops that major's Express files from the require cache, so the next require loads them afresh. */
function forgetExpress(major: Major): void {
  const root = path.dirname(requireHere.resolve(`express${major}/package.json`)) + path.sep;
  for (const file of Object.keys(requireHere.cache)) if (file.startsWith(root) && !file.slice(root.length).includes('node_modules')) delete requireHere.cache[file];
}

/** Evaluates fixture source (JS or TS, CJS or ESM syntax) with `express` bound to the given major; returns its app. */
export function loadApp(code: string, fileName: string, major: Major): http.RequestListener {
  const js = ts.transpileModule(code, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  const absolute = path.resolve(fileName);
  const evaluate = new Function('require', 'module', 'exports', '__filename', '__dirname', js);
  // code that patches Express's own files (`express/lib/router/layer`) gets an Express of its own: fixtures share
  // one process, and a patched prototype must not reach the next fixture's app
  const isolated = code.includes('express/lib/');
  if (isolated) forgetExpress(major);
  evaluate(requireFor(major, absolute), module, module.exports, absolute, path.dirname(absolute));
  if (isolated) forgetExpress(major);
  const exported = module.exports as Record<string, unknown> | http.RequestListener;
  const app = typeof exported === 'function' ? exported : (exported.default ?? exported.app);
  if (typeof app !== 'function') throw new Error(`${fileName}: the fixture must export its app (module.exports = app / export default app)`);
  return app as http.RequestListener;
}

/** Starts the app on 127.0.0.1, sends each request in order, and records status, chosen headers and body. */
export async function answers(app: http.RequestListener, spec: BehaviourSpec): Promise<Answer[]> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const compared = [...ALWAYS_COMPARED, ...(spec.headers ?? [])].map((h) => h.toLowerCase());
  try {
    const out: Answer[] = [];
    for (const request of spec.requests) {
      const response = await fetch(`http://127.0.0.1:${port}${request.path}`, {
        method: request.method ?? 'GET',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(5_000),
      });
      const headers = Object.fromEntries(compared.map((name) => [name, response.headers.get(name)]));
      if (spec.charsetCase === 'ignore' && headers['content-type']) headers['content-type'] = headers['content-type'].replace(/charset=[\w-]+/i, (c) => c.toLowerCase());
      out.push({ status: response.status, headers, body: await response.text() });
    }
    return out;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
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
