/**
 * @module _warn
 * Warnings in the fixed form `(straddle express/<id>) <message>`, the call site and a docs link, printed once per
 * (id, call site), sent to an injectable sink and optionally appended as JSON lines to a report file.
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
  /** Fully qualified, e.g. `express/app-del`. */
  id: `express/${FeatureId}`;
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
  /** Receives every first warning of a (id, call site); replaces the console output. */
  onWarning?: (warning: Warning) => void;
  /** Appends each warning as one JSON line to this file. Default: `process.env.STRADDLE_REPORT`. */
  report?: string | false;
}

export type Warn = (id: FeatureId, site?: Site) => void;

/** Creates the warn function of one straddle() call: its own dedupe set, sink and report file. */
export function createWarn(options: WarnOptions, major: Major): Warn {
  const seen = new Set<string>();
  const sink = options.onWarning ?? ((w: Warning) => console.warn(w.text));
  const report = options.report === undefined ? process.env.STRADDLE_REPORT || undefined : options.report || undefined;
  return (id, site = callSite()) => {
    const key = site ? `${id}\0${site.file}:${site.line}:${site.column}` : id;
    if (seen.has(key)) return;
    seen.add(key);
    const warning = buildWarning(id, site, major);
    if (report) {
      const time = new Date().toISOString();
      const line: ShimReportLine = { id: warning.id, message: warning.message, site: site ?? null, major, time };
      appendFileSync(report, `${JSON.stringify(line)}\n`);
    }
    sink(warning);
  };
}

function buildWarning(feature: FeatureId, site: Site | undefined, major: Major): Warning {
  const id = `express/${feature}` as const;
  const { message } = FLAGS[feature];
  const link = docsLink(feature);
  const at = site ? `\n  at ${site.file}:${site.line}:${site.column}` : '';
  return { id, feature, message, link, site, major, text: `(straddle ${id}) ${message}${at}\n  Details: ${link}` };
}

/**
 * The first stack frame outside this shim and node_modules: the user's call site. Tests of the shim sit next to
 * its modules, so `*.test.*` files count as outside.
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
  const file = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
  return { file, line: Number(m[2]), column: Number(m[3]) };
}

/** Where this module lives: the shim's source folder, or `dist/shims` once bundled. */
const OWN_DIR = ownDir();

function ownDir(): string | undefined {
  const first = (new Error().stack ?? '').split('\n').map(parseFrame).find(Boolean);
  return first && dirname(first.file);
}

function isInternal(file: string): boolean {
  if (file.startsWith('node:') || !file.includes('/') && !file.includes('\\')) return true;
  if (/[\\/]node_modules[\\/]/.test(file)) return true;
  return OWN_DIR !== undefined && dirname(file) === OWN_DIR && !/\.test\.[cm]?[jt]s$/.test(file);
}
