/**
 * @module _warn
 * Warnings in the fixed form `(straddle fastify/<id>) <message>`, the call site and a docs link, printed once per
 * (id, call site), sent to an injectable sink and optionally appended as JSON lines to a report file (the upgrade
 * loop reads them back as findings).
 */
import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLAGS, docsLink, type FeatureId } from './flags.ts';
import type { ShimReportLine } from '../report-line.ts';
import type { Major } from './major.ts';

export interface Site {
  file: string;
  line: number;
  column: number;
}

export interface Warning {
  /** Fully qualified, e.g. `fastify/request-connection`. */
  id: `fastify/${FeatureId}`;
  feature: FeatureId;
  message: string;
  link: string;
  /** The first frame outside straddle and node_modules; absent when no such frame exists. */
  site?: Site;
  major: Major;
  /** The full text printed by the default sink. */
  text: string;
}

export interface WarnOptions {
  /** Receives every first warning of an (id, call site); replaces the console output. */
  onWarning?: (warning: Warning) => void;
  /** Appends each warning as one JSON line to this file. Default: `process.env.STRADDLE_REPORT`. */
  report?: string | false;
}

/** Reports old-form code at the caller's site; `message` replaces the table's (the forward-compat wording). */
export type Warn = (id: FeatureId, message?: string) => void;

/** The warn function of one straddle() call: its own dedupe set, sink and report file. */
export function createWarn(options: WarnOptions, major: Major): Warn {
  const seen = new Set<string>();
  const sink = options.onWarning ?? ((w: Warning) => console.warn(w.text));
  const report = options.report === undefined ? process.env.STRADDLE_REPORT || undefined : options.report || undefined;
  return (feature, message = FLAGS[feature].message) => {
    const site = callSite();
    const key = `${feature}\0${message}\0${site ? `${site.file}:${site.line}:${site.column}` : ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const id = `fastify/${feature}` as const;
    const link = docsLink(feature);
    const at = site ? `\n  at ${site.file}:${site.line}:${site.column}` : '';
    const warning: Warning = { id, feature, message, link, site, major, text: `(straddle ${id}) ${message}${at}\n  Details: ${link}` };
    if (report) {
      const line: ShimReportLine = { id, message, site: site ?? null, major, time: new Date().toISOString() };
      appendFileSync(report, `${JSON.stringify(line)}\n`);
    }
    sink(warning);
  };
}

/**
 * The first stack frame outside this shim and node_modules: the user's call site. The shim's tests sit next to its
 * modules, so `*.test.*` files count as outside.
 */
export function callSite(): Site | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const line of stack.split('\n')) {
    const frame = parseFrame(line);
    if (frame && !isInternal(frame.file)) return frame;
  }
  return undefined;
}

const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

function parseFrame(line: string): Site | undefined {
  const m = FRAME.exec(line);
  if (!m) return undefined;
  const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
  return { file, line: Number(m[2]), column: Number(m[3]) };
}

/** Where this module lives: the shim's source folder, or the folder of the one-file build. */
const OWN_DIR = ownDir();

function ownDir(): string | undefined {
  const first = (new Error().stack ?? '').split('\n').map(parseFrame).find(Boolean);
  return first && dirname(first.file);
}

function isInternal(file: string): boolean {
  if (file.startsWith('node:') || (!file.includes('/') && !file.includes('\\'))) return true;
  if (/[\\/]node_modules[\\/]/.test(file)) return true;
  return OWN_DIR !== undefined && dirname(file) === OWN_DIR && !/\.test\.[cm]?[jt]s$/.test(file);
}
