/**
 * @module replay/sites
 * Where to change what replay found. A finding's rule is looked up in a scan of the project (each site with whether
 * `fix` rewrites it), and in the runtime shim's warnings during the replay: an
 * app that wires the shim reports, once per call site, each old form its requests ran, on the old major (a call
 * that will break) and on the new one (a call the shim keeps working). A rule the shim warned of that no finding
 * names is a difference the shim hides: it shows once the shim is removed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSource } from '../engine/parse.ts';
import type { Pack } from '../pack.ts';
import type { Finding } from '../rule.ts';
import type { RuntimeWarning } from '../upgrade/diagnose.ts';

export interface ReplaySite {
  file: string;
  line: number;
  /** Where a scan found it (the shim's warnings name a line only). */
  column?: number;
  /** `fix` rewrites it (a scan's high-confidence, fixable site). */
  fixable?: boolean;
  /** The versions whose instances ran it, as the shim's warnings say. */
  ran?: string[];
}

/** The shim's warnings of one replay, with the version of the instance that gave each. */
export type VersionWarnings = Array<{ version: string; warnings: RuntimeWarning[] }>;

/** Each rule's sites: the ones the shim saw run first, then the rest of the scan's findings, in file order. */
export function sitesOf(scan: readonly Finding[], ruleIds: ReadonlySet<string>, ran: VersionWarnings): Map<string, ReplaySite[]> {
  const sites = new Map<string, ReplaySite[]>();
  const siteOf = (ruleId: string, file: string, line: number): ReplaySite => {
    const list = sites.get(ruleId) ?? [];
    sites.set(ruleId, list);
    const known = list.find((site) => site.file === file && site.line === line);
    if (known) return known;
    const site: ReplaySite = { file, line };
    list.push(site);
    return site;
  };
  for (const { version, warnings } of ran) {
    for (const warning of warnings) {
      if (!warning.site) continue;
      const site = siteOf(warning.ruleId, warning.site.file, warning.site.line);
      if (!site.ran?.includes(version)) site.ran = [...(site.ran ?? []), version];
    }
  }
  for (const finding of scan) {
    if (!ruleIds.has(finding.ruleId) || finding.file === 'package.json') continue;
    const site = siteOf(finding.ruleId, finding.file, finding.line);
    site.column ??= finding.column;
    if (isFixable(finding)) site.fixable = true;
  }
  for (const list of sites.values()) list.sort((a, b) => Number(!!b.ran) - Number(!!a.ran) || a.file.localeCompare(b.file) || a.line - b.line);
  return sites;
}

/** What `fix` rewrites: a fixable finding the fast pass is sure of. */
const isFixable = (finding: Finding) => finding.fixable && finding.confidence === 'high';

/** A route of the project's, with its handlers as line ranges of its file. */
interface RouteLines {
  file: string;
  method: string;
  label: string;
  line: number;
  matches(pathname: string): boolean;
  handlers: Array<{ from: number; to: number }>;
}

/** The routes the project's files (relative to `cwd`) register, as the pack reads them (files its prefilter lets through, that parse). */
function projectRoutes(pack: Pack<any>, cwd: string, files: readonly string[]): RouteLines[] {
  if (!pack.routes) return [];
  const routes: RouteLines[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(cwd, file), 'utf8');
    if (pack.prefilter && !pack.prefilter.test(text)) continue;
    let sourceFile;
    try {
      sourceFile = parseSource(file, text);
    } catch {
      continue; // a file that does not parse registers nothing replay could reach
    }
    const lineOf = (offset: number) => sourceFile.getLineAndCharacterOfPosition(offset).line + 1;
    for (const route of pack.routes(sourceFile, pack.analyze(sourceFile, { target: 'both', assumeHandlers: false, cwd }))) {
      const handlers = route.handlers.map(({ start, end }) => ({ from: lineOf(start), to: lineOf(end) }));
      routes.push({ file, method: route.method, label: route.label, line: handlers[0]?.from ?? 1, matches: route.matches, handlers });
    }
  }
  return routes;
}

/** What route evidence says of a difference no answer explains: the rules with sites in the handlers of its route. */
export interface RouteEvidence {
  ruleId: string;
  why: string;
  sites: ReplaySite[];
}

/**
 * For each request (method and URL), the rules whose sites sit in a handler of a route it matches: the scan's
 * findings of every rule, placed by line. Undefined where no matched route has one.
 */
export function routeEvidence(pack: Pack<any>, cwd: string, files: readonly string[], findings: readonly Finding[], requests: ReadonlyArray<{ method: string; url: string }>): Array<RouteEvidence | undefined> {
  const routes = requests.length ? projectRoutes(pack, cwd, files) : [];
  if (!routes.length) return requests.map(() => undefined);
  return requests.map(({ method, url }) => {
    const pathname = new URL(url, 'http://replay.invalid').pathname;
    const matched = routes.filter((route) => (route.method === method || route.method === '*' || (method === 'HEAD' && route.method === 'GET')) && route.matches(pathname));
    const inside = (finding: Finding) =>
      matched.filter((route) => route.file === finding.file && route.handlers.some(({ from, to }) => finding.line >= from && finding.line <= to));
    const found = findings.filter((finding) => inside(finding).length);
    if (!found.length) return undefined;
    const rules = [...new Set(found.map((finding) => finding.ruleId))];
    const route = inside(found[0]!)[0]!;
    const named = rules.length === 1 ? rules[0] : `${rules.slice(0, -1).join(', ')} or ${rules.at(-1)}`;
    return {
      ruleId: rules[0]!,
      why: `no answer shows which change it is; the handler of ${route.label} (${route.file}:${route.line}), which this request reaches, has a site of ${named}`,
      sites: found
        .filter((finding) => finding.ruleId === rules[0])
        .map((finding) => ({ file: finding.file, line: finding.line, column: finding.column, ...(isFixable(finding) && { fixable: true }) })),
    };
  });
}
