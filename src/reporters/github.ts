/**
 * @module reporters/github
 * Findings as GitHub Actions workflow commands, which the runner turns into annotations on the pull request's diff:
 * `::error` for what fails the run (`--fail-on`), `::warning` for the rest, `::notice` for notes.
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
import path from 'node:path';
import type { RunReport } from '../engine/run.ts';
import { levelOf, publishedFindings, skippedFail, type Level } from './fail-on.ts';
import type { FindingsContext } from './index.ts';
import { describeSkipped } from './pretty.ts';

const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', note: 'notice' };

/** The runner's own escaping (@actions/core `escapeData`): a message may span lines. */
export const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** A property value also may not hold the `,` and `:` that separate properties (@actions/core `escapeProperty`). */
export const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

function annotation(level: Level, properties: Record<string, string | number>, message: string): string {
  const props = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${COMMAND[level]} ${props.join(',')}::${escapeData(message)}`;
}

export function formatGithub(report: RunReport, context: FindingsContext): string {
  // GitHub resolves `file` from the workspace root, where CI runs straddle, not from the scanned folder
  const base = context.base ?? process.cwd();
  const fileOf = (file: string) => path.relative(base, path.resolve(report.cwd, file)).split(path.sep).join('/');
  const docs = new Map(context.rules.map((rule) => [rule.id, rule.docs]));
  const lines = publishedFindings(report).map((f) => {
    const link = docs.get(f.ruleId);
    const properties = { file: fileOf(f.file), line: f.line, col: f.column, title: f.ruleId };
    return annotation(levelOf(f, context.failOn), properties, link ? `${f.message}\nDetails: ${link}` : f.message);
  });
  const skippedLevel = skippedFail(context.failOn) ? 'error' : 'warning';
  for (const error of report.errors) {
    lines.push(annotation(skippedLevel, { file: fileOf(error.file), title: 'straddle: not scanned' }, describeSkipped(error)));
  }
  return lines.join('\n');
}
