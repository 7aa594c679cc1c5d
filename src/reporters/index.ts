/**
 * @module reporters
 * Every byte straddle prints goes through here: commands return data, a reporter per format turns it into text
 * (knip's registry of plain functions), and `print` writes it.
 */
import type { RuleSummary } from '../cli/commands/rules.ts';
import type { RunReport } from '../engine/run.ts';
import { useColor } from './_color.ts';
import type { FailOn } from './fail-on.ts';
import type { Format } from './formats.ts';
import { formatGithub } from './github.ts';
import { formatJson } from './json.ts';
import { citedRowDocs } from './_rows.ts';
import { formatRunReport, type PrettyOptions } from './pretty.ts';
import { formatSarif } from './sarif.ts';

/** What the machine formats of findings need besides the report. */
export interface FindingsContext {
  /** The pack's rules: their descriptions and docs pages (SARIF rules, annotation links). */
  rules: readonly RuleSummary[];
  /** The run's `--fail-on`: what it fails on is an error, the rest a warning. */
  failOn?: FailOn;
  /** Annotation paths are relative to this folder (default: the working directory, GitHub's workspace). */
  base?: string;
}

const FINDINGS: Record<Format, (report: RunReport, context: FindingsContext & PrettyOptions) => string> = {
  pretty: formatRunReport,
  // the rows findings cite, resolved: `rowDocs: { "38": url }`
  json: (report, context) => formatJson({ ...report, rowDocs: citedRowDocs(report.findings.flatMap((f) => f.rows), context.rules) }),
  sarif: formatSarif,
  github: formatGithub,
};

/** A scan or fix report in `format`. */
export function formatFindings(report: RunReport, format: Format, context: FindingsContext & Omit<PrettyOptions, 'color'>): string {
  return FINDINGS[format](report, { ...context, color: useColor() });
}

/** Any other report: JSON as it is (or in its machine form, see reporters/machine), or its pretty form in the terminal's colours. */
export function formatReport<T>(data: T, format: 'pretty' | 'json', pretty: (data: T, options: PrettyOptions) => string, machine: (data: T) => unknown = (d) => d): string {
  return format === 'json' ? formatJson(machine(data)) : pretty(data, { color: useColor() });
}

/** Writes a command's output to stdout; nothing at all for an empty one (annotations of a clean run). */
export function print(text: string): void {
  if (text) console.log(text);
}

/** Writes a progress line to stderr, which keeps stdout for the report alone. */
export function printProgress(line: string | null): void {
  if (line) process.stderr.write(`${line}\n`);
}
