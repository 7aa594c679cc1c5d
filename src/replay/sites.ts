/**
 * @module replay/sites
 * Where to change what replay found. A finding's rule is looked up in the project by a scan limited to the rules
 * replay named (each site with whether `fix` rewrites it), and in the runtime shim's warnings during the replay: an
 * app that wires the shim reports, once per call site, each old form its requests ran, on the old major (a call
 * that will break) and on the new one (a call the shim keeps working). A rule the shim warned of that no finding
 * names is a difference the shim hides: it shows once the shim is removed.
 */
import { runPack } from '../engine/run.ts';
import type { Pack } from '../pack.ts';
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

/** Each rule's sites: the ones the shim saw run first, then the rest a scan finds, in file order. */
export async function sitesOf(pack: Pack<any>, cwd: string, ruleIds: ReadonlySet<string>, ran: VersionWarnings): Promise<Map<string, ReplaySite[]>> {
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
  const known = new Set(pack.rules.map((rule) => rule.id));
  const only = [...ruleIds].filter((id) => known.has(id));
  if (only.length) {
    const scan = await runPack(pack, { cwd, fix: false, only, types: false, jobs: 1 });
    for (const finding of scan.findings) {
      if (finding.file === 'package.json') continue;
      const site = siteOf(finding.ruleId, finding.file, finding.line);
      site.column ??= finding.column;
      if (finding.fixable && finding.confidence === 'high') site.fixable = true;
    }
  }
  for (const list of sites.values()) list.sort((a, b) => Number(!!b.ran) - Number(!!a.ran) || a.file.localeCompare(b.file) || a.line - b.line);
  return sites;
}
