/**
 * @module reporters/replay
 * `straddle replay` as a person reads it: what was sent, then each finding by route and place, with its rule and an
 * example request's two answers.
 */
import type { ReplayReport } from '../replay/replay.ts';
import { colors } from './_color.ts';
import type { PrettyOptions } from './pretty.ts';

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
  if (!report.findings.length) {
    lines.push(c.green('No answer differs between the majors.'));
    return lines.join('\n');
  }
  lines.push(c.red.bold(`${report.findings.length} differences between the majors:`));
  for (const f of report.findings) {
    lines.push(`  ${c.bold(f.route)}  ${f.places.join(', ')}${f.count > 1 ? c.dim(` (${f.count} requests)`) : ''}`);
    const { method, url, where, old, new: next } = f.example;
    lines.push(`    ${where}: ${report.versions.old} ${JSON.stringify(old)}, ${report.versions.new} ${JSON.stringify(next)}   ${c.dim(`e.g. ${method} ${url}`)}`);
    lines.push(f.ruleId ? `    ${c.yellow(f.ruleId)}: ${f.why}` : `    ${c.dim('no rule explains it: compare the two answers by hand')}`);
  }
  return lines.join('\n');
}
