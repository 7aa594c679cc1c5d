/**
 * @module reporters/_rows
 * Findings and rules cite rows of the pack's breaking-change table ("row 38"); these resolve each cited row to the
 * page the pack documents it on, from the rules' `rowDocs` (the pack's own URL builder made them).
 */
import type { RuleSummary } from '../cli/commands/rules.ts';

/** Every row the rules document, with its address. */
function rowDocs(rules: readonly RuleSummary[]): Map<number, string> {
  return new Map(rules.flatMap((rule) => rule.rows.map((row, i) => [row, rule.rowDocs[i]] as const)).filter(([, url]) => url !== undefined) as [number, string][]);
}

/** `{ 38: url }` for the rows in `cited` that the rules document. */
export function citedRowDocs(cited: Iterable<number>, rules: readonly RuleSummary[]): Record<number, string> {
  const docs = rowDocs(rules);
  return Object.fromEntries([...new Set(cited)].sort((a, b) => a - b).flatMap((row) => (docs.has(row) ? [[row, docs.get(row)!]] : [])));
}

/**
 * One line that resolves every "row N" of a report: a row's address with its number written `N`, so a report that
 * cites twenty rows stays one line longer, not twenty.
 */
export function rowLegend(rules: readonly RuleSummary[]): string | undefined {
  const [first] = rowDocs(rules);
  if (!first) return undefined;
  const [row, url] = first;
  return `row N: ${url.replace(new RegExp(`${row}(?!.*\\d)`), 'N')}`;
}
