/**
 * @module cli/commands/rules
 * `straddle rules <pack>`: what the pack knows, rule by rule.
 */
import { loadPack } from '../../packs.ts';
import type { RuleKind } from '../../rule.ts';

export interface RuleSummary {
  id: string;
  rows: number[];
  kind: RuleKind;
  description: string;
  scope: 'source' | 'package.json';
  docs: string;
  /** Where each of `rows` is documented, in the same order. */
  rowDocs: string[];
}

export async function listRules(packId: string): Promise<RuleSummary[]> {
  const pack = await loadPack(packId);
  const source = pack.rules.map((rule) => ({ id: rule.id, rows: rule.meta.rows, kind: rule.meta.kind, description: rule.meta.description, scope: 'source' as const }));
  const project = (pack.projectRules ?? []).map((rule) => ({ id: rule.id, rows: rule.meta.rows, kind: rule.meta.kind, description: rule.meta.description, scope: 'package.json' as const }));
  return [...source, ...project]
    .map((rule) => ({ ...rule, docs: pack.docsUrl(rule.id), rowDocs: pack.rowUrl ? rule.rows.map((row) => pack.rowUrl!(row)) : [] }))
    .sort((a, b) => (a.rows[0] ?? 0) - (b.rows[0] ?? 0) || a.id.localeCompare(b.id));
}
