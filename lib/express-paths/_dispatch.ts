/**
 * @module lib/express-paths/_dispatch
 * Test support: registers a route on a real Express 4 or Express 5 app and dispatches a request through
 * `app.handle` in process (no socket), recording what the handler saw. Used by the property test and the
 * fixed-table test; never imported by the translator.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import type { Express, Request, Router } from 'express';
import type { Translation } from './translate.ts';

type ExpressModule = typeof import('express');
const require = createRequire(import.meta.url);
// Both majors through the express4/express5 aliases; @types/express (4) describes the part used here.
const EXPRESS: Record<Major, ExpressModule> = { 4: require('express4'), 5: require('express5') };

export type Major = 4 | 5;
export type RoutePath = string | RegExp | string[];

export interface RouteSetup {
  /** `use` mounts middleware (prefix match); `get` is a verb route (whole-path match). */
  method: 'get' | 'use';
  strict: boolean;
  sensitive: boolean;
  /** Register on `express.Router({ strict, caseSensitive })` mounted at `/` instead of app settings. */
  viaRouter?: boolean;
}

export type Outcome =
  | { matched: true; params: Record<string, string>; baseUrl: string; url: string }
  | { matched: false; status?: number };

/** A handler-bearing app; throws when the major rejects the path at registration (rows 27, 29–32). */
export function createApp(major: Major, path: RoutePath, setup: RouteSetup) {
  const express = EXPRESS[major];
  const app = express();
  const options = { strict: setup.strict, caseSensitive: setup.sensitive };
  let target: Router | Express = app;
  if (setup.viaRouter) {
    target = express.Router(options);
    app.use(target);
  } else {
    app.set('strict routing', setup.strict);
    app.set('case sensitive routing', setup.sensitive);
  }
  const register = target[setup.method].bind(target) as (path: RoutePath, handler: (req: Request, res: unknown) => void) => void;
  register(path, (req, res) => {
    (res as { record: (o: Outcome) => void }).record({
      matched: true, params: plainParams(req.params), baseUrl: req.baseUrl, url: collapseLeadingSlashes(req.url),
    });
  });
  return app;
}

/** The value to register for a translation (the original string when it means the same); none when unsupported. */
export function routePath(path: string, t: Translation): RoutePath | undefined {
  switch (t.kind) {
    case 'same': return path;
    case 'paths': return t.paths;
    case 'regexp': return new RegExp(t.source, t.flags);
    case 'unsupported': return undefined;
  }
}

/** Runs one GET through the app; resolves with what the route handler saw, or that nothing matched. */
export function dispatch(app: Express, url: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = new IncomingMessage(new Socket());
    req.method = 'GET';
    req.url = url;
    const res = Object.assign(new ServerResponse(req), { record: resolve });
    (app as unknown as AppHandle).handle(req, res, (err?: { status?: number }) => resolve({ matched: false, status: err?.status }));
  });
}

interface AppHandle {
  handle(req: IncomingMessage, res: ServerResponse, done: (err?: { status?: number }) => void): void;
}

/**
 * A `use` prefix followed by `//` in the URL: Express 4 strips the prefix and one slash, Express 5 the prefix only
 * (`/a//b` under `/a` is `/b` on 4, `//b` on 5), whatever the path syntax. That is a router difference outside
 * rows 27–36, so it is not held against a translation.
 */
function collapseLeadingSlashes(url: string): string {
  return url.replace(/^\/+/, '/');
}

/** Express 4 lists unmatched params as `undefined`, Express 5 omits them: both read as absent. */
function plainParams(params: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
