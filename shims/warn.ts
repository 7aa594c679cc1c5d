/**
 * @module warn
 * What every pack's shim warns the same way: the fixed form `(straddle <pack>/<id>) <message>`, the call site and a
 * docs link, printed once per (id, message, call site), sent to an injectable sink and optionally appended as JSON
 * lines to a report file (the upgrade loop reads them back as findings). Framework-neutral: each pack's `_warn.ts`
 * names its pack, messages, links and own folder; the one-file builds inline this module.
 */
import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ShimReportLine } from './report-line.ts';

export interface Site {
  file: string;
  line: number;
  column: number;
}

export interface ShimWarning<Pack extends string, Feature extends string, Major extends number> {
  /** Fully qualified, e.g. `express/app-del`. */
  id: `${Pack}/${Feature}`;
  feature: Feature;
  message: string;
  link: string;
  /** The first frame outside straddle and node_modules; absent when no such frame exists. */
  site?: Site;
  major: Major;
  /** The full text printed by the default sink. */
  text: string;
}

export interface ShimWarnOptions<W> {
  /** Receives every first warning of an (id, call site); replaces the console output. */
  onWarning?: (warning: W) => void;
  /** Appends each warning as one JSON line to this file. Default: `process.env.STRADDLE_REPORT`. */
  report?: string | false;
}

/** What a pack's warnings differ by. */
export interface WarnSource<Pack extends string, Feature extends string> {
  pack: Pack;
  /** The feature's message when the caller gives none. */
  message: (feature: Feature) => string;
  link: (feature: Feature) => string;
  /** The pack's {@link siteFinder}: the caller's site when the caller gives none. */
  callSite: () => Site | undefined;
}

/** Reports old-form code at `site` (default: the caller's); `message` replaces the source's (a pack's own wording). */
export type ShimWarn<Feature extends string> = (feature: Feature, site?: Site, message?: string) => void;

/** The warn function of one straddle() call: its own dedupe set, sink and report file. */
export function createShimWarn<Pack extends string, Feature extends string, Major extends number>(
  source: WarnSource<Pack, Feature>,
  options: ShimWarnOptions<ShimWarning<Pack, Feature, Major>>,
  major: Major,
): ShimWarn<Feature> {
  const seen = new Set<string>();
  const sink = options.onWarning ?? ((w: ShimWarning<Pack, Feature, Major>) => console.warn(w.text));
  const report = options.report === undefined ? process.env.STRADDLE_REPORT || undefined : options.report || undefined;
  // no wrapper between the feature's code and callSite(): the stack frames it may walk stay as many as before
  return (feature, site = source.callSite(), message = source.message(feature)) => {
    const key = `${feature}\0${message}\0${site ? `${site.file}:${site.line}:${site.column}` : ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const id = `${source.pack}/${feature}` as const;
    const link = source.link(feature);
    const at = site ? `\n  at ${site.file}:${site.line}:${site.column}` : '';
    const warning = { id, feature, message, link, site, major, text: `(straddle ${id}) ${message}${at}\n  Details: ${link}` };
    if (report) {
      const line: ShimReportLine = { id, message, site: site ?? null, major, time: new Date().toISOString() };
      appendFileSync(report, `${JSON.stringify(line)}\n`);
    }
    sink(warning);
  };
}

/**
 * The callSite() of a pack whose modules sit in `packDir`: the first stack frame outside the shim and node_modules,
 * the user's call site. The shim is this module's folder and the pack's (two folders in source, one once bundled, as
 * the one-file build inlines both). Tests of the shim sit next to its modules, so `*.test.*` files count as outside.
 */
export function siteFinder(packDir: string | undefined): () => Site | undefined {
  const isInternal = (file: string) => {
    if (file.startsWith('node:') || (!file.includes('/') && !file.includes('\\'))) return true;
    if (/[\\/]node_modules[\\/]/.test(file)) return true;
    const dir = dirname(file);
    return (dir === OWN_DIR || dir === packDir) && !/\.test\.[cm]?[jt]s$/.test(file);
  };
  return () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 60;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    for (const line of stack.split('\n')) {
      const frame = parseFrame(line);
      if (frame && !isInternal(frame.file)) return frame;
    }
    return undefined;
  };
}

/** The folder of the module that made `error` (pass `new Error()`): a pack's folder in source, the build's once bundled. */
export function moduleDir(error: Error): string | undefined {
  const first = (error.stack ?? '').split('\n').map(parseFrame).find(Boolean);
  return first && dirname(first.file);
}

const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

function parseFrame(line: string): Site | undefined {
  const m = FRAME.exec(line);
  if (!m) return undefined;
  const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
  return { file, line: Number(m[2]), column: Number(m[3]) };
}

/** Where this module lives: shims/ in source, the one-file build's folder once bundled. */
const OWN_DIR = moduleDir(new Error());
