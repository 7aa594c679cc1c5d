/**
 * @module reporters/matrix
 * `straddle test` as a person reads it: a progress line per step while it runs, then one row per version, what each
 * run loaded and why a run failed.
 */
import { stripVTControlCharacters } from 'node:util';
import type { MatrixEvent, MatrixReport, TestCounts } from '../matrix/types.ts';
import { colors, type Colors } from './_color.ts';
import type { PrettyOptions } from './pretty.ts';

const HEADERS = ['version', 'resolved', 'from', 'loaded', 'result', 'tests', 'time'];

export function formatMatrix(report: MatrixReport, options: PrettyOptions = {}): string {
  const c = colors(options.color);
  const rows = report.results.map((result) => [
    result.requested,
    result.resolved || '-',
    result.source === 'project' ? 'project' : 'cache',
    result.loaded ? (result.failure ? c.red(result.loaded.version) : result.loaded.version) : c.dim('none'),
    result.ok ? c.green('pass') : c.red.bold('FAIL'),
    formatCounts(c, result.counts),
    formatDuration(result.durationMs),
  ]);
  const lines = table([HEADERS.map((header) => c.dim(header)), ...rows]);
  for (const result of report.results) {
    if (result.loaded) lines.push(c.dim(`${result.requested}: loaded ${result.loaded.path}`));
    if (result.companions?.length) {
      const swapped = result.companions.map((companion) => `${companion.name} ${companion.version} (the project has ${companion.replaced})`);
      lines.push(c.dim(`${result.requested}: with ${swapped.join(', ')}, which ${report.packageName} ${result.resolved} needs`));
    }
    if (result.note) lines.push(c.dim(`${result.requested}: ${result.note}`));
    if (result.rerunAlone) lines.push(c.dim(`${result.requested}: rerun alone (a port collision showed when run beside another version).`));
    if (result.failure) lines.push(c.red(`${result.requested}: ${result.failure}`));
    else if (!result.ok && result.exitCode !== 0) lines.push(c.red(`${result.requested}: \`${report.command.join(' ')}\` exited with ${result.exitCode}.`));
  }
  if (report.failingOnAll.length) {
    lines.push(c.yellow(`Failing on every version (not caused by the version): ${report.failingOnAll.length}`));
    lines.push(...report.failingOnAll.slice(0, 10).map((name) => c.dim(`  ${name}`)));
  }
  const verdict = report.ok ? c.green('All versions passed.') : c.red(`${report.results.filter((r) => !r.ok).length} of ${report.results.length} versions failed.`);
  lines.push(`${verdict} ${c.dim(`(${formatDuration(report.durationMs)})`)}`);
  return lines.join('\n');
}

function formatCounts(c: Colors, counts: TestCounts | null): string {
  if (!counts) return c.dim('-');
  const parts = [`${counts.passed} passed`];
  if (counts.failed) parts.push(c.red(`${counts.failed} failed`));
  if (counts.skipped) parts.push(c.yellow(`${counts.skipped} skipped`));
  return parts.join(', ');
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}

function table(rows: string[][]): string[] {
  const width = (cell: string) => stripVTControlCharacters(cell).length;
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => width(row[column]))));
  return rows.map((row) => row.map((cell, column) => cell + ' '.repeat(widths[column] - width(cell))).join('  ').trimEnd());
}

/** The progress line of a matrix step (for stderr, so stdout keeps only the report), or null for a quiet step. */
/** A suite in progress, for a status line: time so far, tests done, and against the last run, what is left. */
export function formatRunning(event: Extract<MatrixEvent, { type: 'running' }>, phase?: string): string {
  const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
  const parts = [`${phase ? `${phase}: ` : ''}testing ${event.requested} (${event.version})`, seconds(event.elapsedMs)];
  if (event.tests) parts.push(`${event.tests} tests done${event.expected?.tests ? ` of about ${event.expected.tests}` : ''}`);
  if (event.expected) {
    const left = event.expected.durationMs - event.elapsedMs;
    parts.push(left >= 1000 ? `about ${seconds(left)} left` : 'longer than last time');
  }
  return parts.join(' · ');
}

export function formatMatrixEvent(event: MatrixEvent): string | null {
  switch (event.type) {
    case 'metadata':
      return event.source === 'stale-cache' ? `Registry unreachable: using the cached version list of ${event.packageName}.` : null;
    case 'install':
      return event.fromCache ? null : `Installed ${event.packageName}@${event.version} into the cache.`;
    case 'start':
      return `Testing ${event.requested} (${event.version})…`;
    case 'done':
      return `${event.result.requested}: ${event.result.ok ? 'pass' : 'FAIL'}`;
    default:
      return null;
  }
}
