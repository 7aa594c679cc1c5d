/**
 * @module reporters/pretty
 * The human summary of a run: findings grouped by message with their sites, then what was done and what is left.
 */
import type { RunReport } from '../engine/run.ts';
import type { Finding } from '../rule.ts';
import type { RuleSummary } from '../cli/commands/rules.ts';
import { colors, type Colors } from './_color.ts';
import { rowLegend } from './_rows.ts';

export interface PrettyOptions {
  color?: boolean;
  /** The pack's rules: a run's report then ends with where the rows it cites are explained. */
  rules?: readonly RuleSummary[];
  /** The pack as the user named it (an id, a path or a package): the hints repeat it. */
  packArg?: string;
}

/** Labels for the error kinds whose message gives only the cause; the other messages say what became of the file. */
const LABELS: Partial<Record<RunReport['errors'][number]['kind'], string>> = {
  parse: 'does not parse, left untouched',
  read: 'cannot be read',
  write: 'could not be written',
  internal: 'a rule failed on it, left untouched',
};

/** A finding's status label and its colour. */
const STATUS = {
  fixed: (c: Colors) => c.green,
  'would fix': (c: Colors) => c.green,
  note: (c: Colors) => c.dim,
  shim: (c: Colors) => c.magenta,
  'fixable?': (c: Colors) => c.yellow,
  fixable: (c: Colors) => c.cyan,
  manual: (c: Colors) => c.red,
};

function status(f: Finding, dryRun: boolean): keyof typeof STATUS {
  if (f.fixed) return dryRun ? 'would fix' : 'fixed';
  if (f.note) return 'note';
  if (f.kind === 'shim') return 'shim';
  if (f.fixable && f.confidence === 'low') return 'fixable?';
  if (f.fixable) return 'fixable';
  return 'manual';
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** A file the run left byte for byte, and why, on one line. */
export function describeSkipped(error: RunReport['errors'][number]): string {
  const label = LABELS[error.kind];
  return `${label ? `${label}: ` : ''}${error.message.split('\n')[0]}`;
}

/**
 * Findings grouped by what they say: one line per rule, status and message, its sites listed under it, so a message
 * repeated at 200 call sites is read once.
 */
function findingLines(report: RunReport, c: Colors): string[] {
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = JSON.stringify([f.ruleId, f.message, status(f, report.dryRun), f.confidence]);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const bySite = (a: Finding, b: Finding) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
  const lines: string[] = [];
  for (const sites of [...groups.values()].sort((a, b) => a[0]!.ruleId.localeCompare(b[0]!.ruleId) || a[0]!.message.localeCompare(b[0]!.message))) {
    const f = sites[0]!;
    const label = status(f, report.dryRun);
    const note = f.confidence === 'low' && !f.fixed ? c.dim(' (only the names say it is the framework\'s: --assume-handlers rewrites it)') : '';
    lines.push(`${STATUS[label](c)(label.padEnd(10))} ${c.bold(f.ruleId)} ${c.dim(`row ${f.rows.join(',')}`)}  ${f.message}${note}`);
    lines.push(...sites.sort(bySite).map((site) => `  ${site.file}:${site.line}:${site.column}`), '');
  }
  return lines;
}

export function formatRunReport(report: RunReport, options: PrettyOptions = {}): string {
  const c = colors(options.color);
  const lines: string[] = [];
  if (report.patches.length) lines.push(...report.patches.map((p) => p.trimEnd()), '');
  lines.push(...findingLines(report, c));

  for (const error of report.errors) lines.push(c.red(`${error.file}: ${describeSkipped(error)}`));
  for (const { file, passes, rules } of report.unsettled) {
    lines.push(c.yellow(`${file}: fixes still changed it after ${passes} passes (${rules.join(', ')} keep rewriting): written as the last pass left it, what is left is listed above. Please report it: rules must settle.`));
  }

  const count = (pred: (f: Finding) => boolean) => report.findings.filter(pred).length;
  const fixed = count((f) => f.fixed);
  const fixable = count((f) => !f.fixed && f.fixable);
  const shim = count((f) => !f.fixed && !f.fixable && f.kind === 'shim');
  const manual = count((f) => !f.fixed && !f.fixable && !f.note && f.kind !== 'shim');
  const notes = count((f) => !!f.note);
  // files looked at, not files changed: those are counted on their own line below
  const verb = report.mode === 'scan' ? 'scanned' : report.dryRun ? 'checked (dry run, nothing written)' : 'checked';
  const counts = [
    fixed && c.green(`${fixed} ${report.dryRun ? 'would be fixed' : 'fixed'}`),
    fixable && c.cyan(`${fixable} fixable${report.mode === 'scan' ? ` (run \`straddle fix ${options.packArg ?? report.pack}\`)` : ''}`),
    shim && c.magenta(`${shim} need the runtime shim`),
    manual && c.red(`${manual} to change by hand`),
    notes && c.dim(`${notes} notes`),
  ]
    .filter(Boolean)
    .join(', ');
  // a skipped file may hold findings: "nothing to do" only when every file was read
  const verdict = counts || (report.errors.length ? c.yellow('none in the files read') : c.green('nothing to do'));
  lines.push(
    c.bold(`straddle ${report.mode} ${report.pack}: ${verb} ${plural(report.files, 'file')} (${report.parsed} parsed) in ${(report.durationMs / 1000).toFixed(1)}s`),
    `  ${plural(report.findings.length, 'finding')} in ${plural(new Set(report.findings.map((f) => f.file)).size, 'file')}: ${verdict}`,
  );
  if (report.typed) lines.push(c.dim(`  the type checker re-checked ${report.typed.files} files in ${(report.typed.durationMs / 1000).toFixed(1)}s`));
  if (report.changed.length) lines.push(`  ${report.dryRun ? 'would change' : 'changed'} ${plural(report.changed.length, 'file')}`);
  else if (report.mode === 'fix') lines.push(`  ${report.dryRun ? 'would change' : 'changed'} no file`);
  if (report.errors.length) lines.push(c.red(`  ${plural(report.errors.length, 'file')} skipped (see above), each left byte for byte as it was`));
  if (report.minified.length) {
    const shown = report.minified.slice(0, 3).join(', ') + (report.minified.length > 3 ? `, +${report.minified.length - 3}` : '');
    lines.push(c.dim(`  left out: ${plural(report.minified.length, 'minified file')} (${shown}); --include-minified scans them`));
  }
  const legend = report.findings.length ? rowLegend(options.rules ?? []) : undefined;
  if (legend) lines.push(c.dim(`  ${legend}`));
  return lines.join('\n');
}

export function formatRules(rules: RuleSummary[], options: PrettyOptions = {}): string {
  const c = colors(options.color);
  const kindColor = { both: c.green, new: c.blue, shim: c.magenta, report: c.yellow };
  const width = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map(
    (r) => `${c.bold(r.id.padEnd(width))}  ${c.dim(`row ${r.rows.join(',')}`.padEnd(16))} ${kindColor[r.kind](r.kind.padEnd(6))} ${r.description}${r.scope === 'package.json' ? c.dim(' (package.json)') : ''}`,
  );
  const legend = rowLegend(rules);
  lines.push(
    '',
    ...(legend ? [c.dim(legend)] : []),
    c.dim('both: rewrites to a form proven the same on both majors · new: idiomatic new-major form · shim: needs the runtime shim · report: reported with a hint, fixed by hand'),
  );
  return lines.join('\n');
}
