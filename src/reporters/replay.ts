/**
 * @module reporters/replay
 * `straddle replay` as a person reads it: what was sent, then each finding by route and place, with its rule and an
 * example request's two answers.
 */
import type { ReplayReport } from '../replay/replay.ts';
import type { ReplaySite } from '../replay/sites.ts';
import { colors } from './_color.ts';
import type { PrettyOptions } from './pretty.ts';

const SHOWN_SITES = 5;

export function formatReplay(report: ReplayReport, options: PrettyOptions = {}): string {
  const c = colors(options.color);
  const { sent, skipped, failed } = report.requests;
  const lines = [
    `Replayed ${sent} requests on ${report.pack} ${report.versions.old} (twice) and ${report.versions.new}` +
      (skipped ? c.dim(` (${skipped} that change state skipped: --unsafe-methods replays them)`) : ''),
  ];
  for (const f of failed.slice(0, 5)) lines.push(c.red(`  no answer: ${f.method} ${f.url}: ${f.error}`));
  const ignored = report.noise.reduce((n, route) => n + route.places.length, 0);
  if (ignored) lines.push(c.dim(`  ignored as noise (the two ${report.versions.old} instances differ there too): ${ignored} places on ${report.noise.length} routes`));
  const shimmed = report.shimmed.map(({ ruleId, sites }) => `  ${c.yellow(ruleId)} ${whereToFix(report.pack, ruleId, sites, c)}`);
  if (shimmed.length) shimmed.unshift(c.dim(`The runtime shim kept these old forms working on ${report.versions.new}: they answer differently once it is removed.`));
  if (!report.findings.length) {
    lines.push(c.green('No answer differs between the majors.'), ...shimmed);
    return lines.join('\n');
  }
  lines.push(c.red.bold(`${report.findings.length} differences between the majors:`));
  for (const f of report.findings) {
    lines.push(`  ${c.bold(f.route)}  ${f.places.join(', ')}${f.count > 1 ? c.dim(` (${f.count} requests)`) : ''}`);
    const { method, url, where, old, new: next } = f.example;
    lines.push(`    ${where}: ${report.versions.old} ${JSON.stringify(old)}, ${report.versions.new} ${JSON.stringify(next)}   ${c.dim(`e.g. ${method} ${url}`)}`);
    lines.push(f.ruleId ? `    ${c.yellow(f.ruleId)}${f.by === 'route' ? c.dim(' (likely)') : ''}: ${f.why}` : `    ${c.dim('no rule explains it: compare the two answers by hand')}`);
    if (f.ruleId) lines.push(`    ${whereToFix(report.pack, f.ruleId, f.sites ?? [], c)}`);
  }
  lines.push(...shimmed);
  return lines.join('\n');
}

/** A rule's sites, and what rewrites them: `fix` for the fixable ones, a person for the rest. */
export function whereToFix(pack: string, ruleId: string, sites: readonly ReplaySite[], c = colors(false)): string {
  if (!sites.length) return c.dim('no site of it in the project that a scan can see: look in what the route calls (a dependency, a call built at run time)');
  const fixable = sites.filter((site) => site.fixable).length;
  const them = sites.length === 1 ? 'it' : fixable === sites.length ? 'them' : `${fixable} of them`;
  const fix = fixable ? `\`straddle fix ${pack} --only ${ruleId}\` rewrites ${them}` : 'to change by hand, as the rule says';
  return `at ${sitesText(sites, c)}: ${fix}`;
}

function sitesText(sites: readonly ReplaySite[], c: ReturnType<typeof colors>): string {
  const shown = sites.slice(0, SHOWN_SITES).map((site) => `${site.file}:${site.line}${site.column ? `:${site.column}` : ''}${site.ran ? c.dim(` (ran on ${site.ran.join(' and ')})`) : ''}`);
  return shown.join(', ') + (sites.length > SHOWN_SITES ? ` and ${sites.length - SHOWN_SITES} more` : '');
}
