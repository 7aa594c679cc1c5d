/**
 * @module _testing
 * Test helper shared by the Fastify shim's tests: real fastify@4 and fastify@5 (the `fastify4` / `fastify5` aliases),
 * an instance straddled with its warnings collected, and requests answered through Fastify's own `inject` (the whole
 * request lifecycle, without a socket). Not part of the published shim.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { StraddleOptions } from './_shim.ts';
import { straddle } from './straddle.ts';
import type { Warning } from './_warn.ts';
import type { Major } from './major.ts';

export const MAJORS = [4, 5] as const satisfies readonly Major[];

/** A fastify factory of any version, typed as loosely as the shim treats it. */
export type Factory = ((options?: Record<string, unknown>) => any) & { errorCodes?: Record<string, unknown> };

const require = createRequire(import.meta.url);

export function fastifyOf(major: Major): Factory {
  return require(`fastify${major}`) as Factory;
}

/** A fresh instance of `factory`, straddled unless `options` is false, and the warnings it printed. */
export function appOf(factory: Factory, options: StraddleOptions | false = {}, factoryOptions: Record<string, unknown> = {}) {
  const warnings: Warning[] = [];
  const app = factory(factoryOptions);
  if (options !== false) straddle(app, { report: false, onWarning: (w) => warnings.push(w), ...options });
  return { app, warnings };
}

export interface Answer {
  status: number;
  body: unknown;
}

/** Injects a GET (or the given request) and reads the answer's status and body (JSON when it parses). */
export async function ask(app: any, request: string | { url: string; method?: string; headers?: Record<string, string> }): Promise<Answer> {
  const response = await app.inject(typeof request === 'string' ? { method: 'GET', url: request } : request);
  let body: unknown = response.body;
  try {
    body = JSON.parse(response.body);
  } catch {
    // a plain text body stays text
  }
  return { status: response.statusCode, body };
}

/** The warnings' `feature@line` for warnings raised from `file`, in order: what a test says about call sites. */
export function sitesIn(warnings: readonly Warning[], file: RegExp): string[] {
  return warnings.filter((w) => w.site && file.test(w.site.file)).map((w) => `${w.feature}@${w.site!.line}`);
}

/** The 1-based line of the first line of `file` containing `text`: where a test expects a warning's site. */
export function lineOf(file: string, text: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${file} has no line with ${text}`);
  return index + 1;
}
