/**
 * @module reporters/pretty
 * The human summary of a run: findings grouped by file, then what was done and what is left, in one screen.
 */
import { Chalk } from 'chalk';
import type { RunReport } from '../engine/run.ts';
import type { Finding } from '../rule.ts';
import type { RuleSummary } from '../cli/commands/rules.ts';

export interface PrettyOptions {
  color?: boolean;
}

/** Labels for the error kinds whose message gives only the cause; the other messages say what became of the file. */
const LABELS: Partial<Record<RunReport['errors'][number]['kind'], string>> = {
  parse: 'does not parse, left untouched',
  read: 'cannot be read',
  write: 'could not be written',
  internal: 'a rule failed on it, left untouched',
};

function status(f: Finding, c: InstanceType<typeof Chalk>, dryRun: boolean): string {
  if (f.fixed) return c.green(dryRun ? 'would fix' : 'fixed');
  if (f.note) return c.dim('note');
  if (f.kind === 'shim') return c.magenta('shim');
  if (f.fixable && f.confidence === 'low') return c.yellow('fixable?');
  if (f.fixable) return c.cyan('fixable');
  return c.red('manual');
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function formatRunReport(report: RunReport, options: PrettyOptions = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  if (report.patches.length) lines.push(...report.patches.map((p) => p.trimEnd()), '');

  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  for (const [file, findings] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(c.underline(file));
    for (const f of findings.sort((a, b) => a.line - b.line || a.column - b.column)) {
      const where = c.dim(`${f.line}:${f.column}`.padEnd(8));
      const note = f.confidence === 'low' && !f.fixed ? c.dim(' (only the names say it is Express: --assume-handlers rewrites it)') : '';
      lines.push(`  ${where} ${status(f, c, report.dryRun).padEnd(options.color ? 20 : 10)} ${c.bold(f.ruleId)} ${c.dim(`row ${f.rows.join(',')}`)}  ${f.message}${note}`);
    }
    lines.push('');
  }

  for (const error of report.errors) {
    const label = LABELS[error.kind];
    lines.push(c.red(`${error.file}: ${label ? `${label}: ` : ''}${error.message.split('\n')[0]}`));
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
    fixable && c.cyan(`${fixable} fixable${report.mode === 'scan' ? ` (run \`straddle fix ${report.pack}\`)` : ''}`),
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
    `  ${plural(report.findings.length, 'finding')} in ${plural(byFile.size, 'file')}: ${verdict}`,
  );
  if (report.typed) lines.push(c.dim(`  the type checker re-checked ${report.typed.files} files in ${(report.typed.durationMs / 1000).toFixed(1)}s`));
  if (report.changed.length) lines.push(`  ${report.dryRun ? 'would change' : 'changed'} ${plural(report.changed.length, 'file')}`);
  else if (report.mode === 'fix') lines.push(`  ${report.dryRun ? 'would change' : 'changed'} no file`);
  if (report.errors.length) lines.push(c.red(`  ${plural(report.errors.length, 'file')} skipped (see above), each left byte for byte as it was`));
  return lines.join('\n');
}

export function formatRules(rules: RuleSummary[], options: PrettyOptions = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const kindColor = { both: c.green, new: c.blue, shim: c.magenta, report: c.yellow };
  const width = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map(
    (r) => `${c.bold(r.id.padEnd(width))}  ${c.dim(`row ${r.rows.join(',')}`.padEnd(16))} ${kindColor[r.kind](r.kind.padEnd(6))} ${r.description}${r.scope === 'package.json' ? c.dim(' (package.json)') : ''}`,
  );
  lines.push(
    '',
    c.dim('both: rewrites to a form proven the same on both majors · new: idiomatic new-major form · shim: needs the runtime shim · report: reported with a hint, fixed by hand'),
  );
  return lines.join('\n');
}
