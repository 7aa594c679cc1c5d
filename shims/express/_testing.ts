/**
 * @module _testing
 * Test helper shared by the shim's tests: real express@4 and express@5 (the `express4` / `express5` aliases)
 * served on 127.0.0.1:0 and asked over HTTP with Node's fetch. Not part of the published shim.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express4 from 'express4';
import express5 from 'express5';
import { describe, expect, it } from 'vitest';
import { FLAGS, type FeatureId } from './flags.ts';
import type { Major } from './major.ts';
import type { Warning } from './_warn.ts';
import type { Mode, StraddleOptions } from './_shim.ts';
import { straddle } from './straddle.ts';

export const MAJORS = [4, 5] as const satisfies readonly Major[];

export type Express = typeof express4;

export function expressOf(major: Major): Express {
  return major === 4 ? express4 : express5;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RequestSpec {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** How long a request may take before it counts as hanging (Express 4 and a rejected promise). */
const NO_ANSWER_MS = 800;

/** The reply recorded for a request that got no answer in time. */
export const NO_ANSWER: Reply = { status: 0, headers: {}, body: 'no answer' };

/** Serves `app` on loopback while `use` runs with its port, then closes it and every connection left open. */
export async function serving<T>(app: unknown, use: (port: number) => Promise<T>): Promise<T> {
  const server = createServer(app as any);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Serves `app` on loopback, sends the requests one after the other, closes, and returns the replies. */
export async function ask(app: unknown, requests: (RequestSpec | string)[]): Promise<Reply[]> {
  return serving(app, async (port) => {
    const replies: Reply[] = [];
    for (const spec of requests) {
      const { path, method = 'GET', headers, body } = typeof spec === 'string' ? { path: spec } : spec;
      const signal = AbortSignal.timeout(NO_ANSWER_MS);
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body, redirect: 'manual', signal }).catch(
        (error: unknown) => {
          if (signal.aborted) return undefined;
          throw error;
        },
      );
      if (!res) {
        replies.push(NO_ANSWER);
        continue;
      }
      const text = await res.text();
      const h: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        if (key !== 'date' && key !== 'connection' && key !== 'keep-alive') h[key] = value;
      });
      replies.push({ status: res.status, headers: h, body: text });
    }
    return replies;
  });
}

/** Keeps only the listed headers, so replies compare on what a feature promises. */
export function pick(replies: Reply[], headers: string[]): Reply[] {
  return replies.map((r) => ({
    status: r.status,
    body: r.body,
    headers: Object.fromEntries(headers.filter((h) => h in r.headers).map((h) => [h, r.headers[h]])),
  }));
}

/** A fresh app of the given major, straddled unless `options` is null, with its warnings collected. */
export function appOf(major: Major, options: StraddleOptions | null = {}) {
  const express = expressOf(major);
  const warnings: Warning[] = [];
  const app = express();
  if (options !== null) straddle(app, { onWarning: (w) => warnings.push(w), report: false, ...options });
  return { app: app as any, express, warnings };
}

/**
 * A promise rejected with `Error(message)` (or with no reason) that is also caught elsewhere, so plain Express 4
 * hangs on it without an unhandled rejection failing the run.
 */
export function failing(message?: string): Promise<never> {
  const p = Promise.reject(message === undefined ? undefined : new Error(message));
  p.catch(() => undefined);
  return p;
}

/** A JSON error handler, so a test sees errors as `500 {"error": message}` on both majors. */
export function errorsAsJson(err: any, _req: any, res: any, _next: any): void {
  res.status(err.status ?? 500).json({ error: String(err.message) });
}

export interface FeatureCase {
  /** What the old-form code does, e.g. `res.send(404)`. */
  name: string;
  id: FeatureId;
  /** Registers the old-form code on a fresh app (same code for both majors). */
  register(app: any, express: Express): void;
  requests: (RequestSpec | string)[];
  /** Headers the feature promises to keep identical (status and body always count). */
  headers: string[];
  /** The test file, to check that warnings name it as the call site. */
  file: RegExp;
  /** How many distinct old-form call sites `register` has (default 1): one warning each. */
  sites?: number;
  /** Set when, with the feature off, registering throws straddle's own error instead of Express's. */
  offThrows?: RegExp;
}

/**
 * The contract of every feature, on real Express 4 and 5 over HTTP. The shim makes the major it acts on answer
 * what the same code answers on the other, plain major (`target`):
 * `on` and `warn` give the target's answers on both majors; `warn` names each call site once, on the major it acts
 * on and, for removed or changed APIs, on the other too; `off` leaves the acting major as it is, which differs.
 */
export function describeFeature(c: FeatureCase): void {
  const acting: Major = FLAGS[c.id].majors[0];
  const target: Major = acting === 5 ? 4 : 5;
  const detects = FLAGS[c.id].kind === 'removed' || FLAGS[c.id].kind === 'changed';
  describe(`${c.id}: ${c.name}`, () => {
    const run = async (major: Major, options: StraddleOptions | null) => {
      const { app, express, warnings } = appOf(major, options);
      try {
        c.register(app, express);
      } catch (error) {
        // a removed API called at startup: the app never serves
        return { replies: [{ status: -1, headers: {}, body: String((error as Error).message) }], warnings };
      }
      app.use(errorsAsJson);
      return { replies: pick(await ask(app, c.requests), c.headers), warnings };
    };
    const only = (mode: Mode): StraddleOptions => ({ default: 'off', features: { [c.id]: mode } });

    it.each(MAJORS)(`mode 'on' on %i answers what plain Express ${target} answers, silently`, async (major) => {
      const plain = await run(target, null);
      const shimmed = await run(major, only('on'));
      expect(shimmed.replies).toEqual(plain.replies);
      expect(shimmed.warnings).toEqual([]);
    });

    it.each(MAJORS)(`mode 'warn' on %i answers the same and names each call site once`, async (major) => {
      const plain = await run(target, null);
      const shimmed = await run(major, only('warn'));
      expect(shimmed.replies).toEqual(plain.replies);
      const expected = major === acting || detects ? (c.sites ?? 1) : 0;
      expect(shimmed.warnings.map((w) => w.id)).toEqual(Array(expected).fill(`express/${c.id}`));
      for (const w of shimmed.warnings) {
        expect(w.site?.file).toMatch(c.file);
        expect(w.text).toContain(`(straddle express/${c.id}) ${FLAGS[c.id].message}`);
      }
    });

    it(`mode 'off' leaves both majors as they are (Express ${acting} differs from ${target})`, async () => {
      const [plain, plainActing, off, offTarget] = await Promise.all([
        run(target, null),
        run(acting, null),
        run(acting, only('off')),
        run(target, only('off')),
      ]);
      if (c.offThrows) expect(off.replies[0].body).toMatch(c.offThrows);
      else expect(off.replies).toEqual(plainActing.replies);
      expect(off.replies).not.toEqual(plain.replies);
      expect(offTarget.replies).toEqual(plain.replies);
      expect([...off.warnings, ...offTarget.warnings]).toEqual([]);
    });
  });
}
