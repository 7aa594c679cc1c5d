/**
 * @module codemods/_testing/rule-meta
 * The per-rule checks every pack's registry test makes of its rules' metadata against its docs folder: a page per
 * rule headed by the rule's id, rows and kind, rows the shipped table has, messages written as sentences, and
 * `writesNothingFor` naming other rules of the pack.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageHeader } from './docs-pages.ts';

interface RuleMeta {
  id: string;
  meta: { rows: readonly number[]; kind: string; description: string; messages: Record<string, string>; writesNothingFor?: readonly string[] };
}

export function describeRuleMeta(rules: readonly RuleMeta[], docs: string, tableRows: readonly number[]): void {
  describe.each(rules.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    it('has a docs page', () => expect(existsSync(path.join(docs, `${id}.md`))).toBe(true));

    it('cites only rows the shipped table has', () => expect(rule.meta.rows.filter((row) => !tableRows.includes(row))).toEqual([]));

    it('heads its docs page with its id, rows and kind', () => {
      expect(pageHeader(readFileSync(path.join(docs, `${id}.md`), 'utf8'))).toEqual({ title: id, rows: rule.meta.rows, kind: rule.meta.kind });
    });

    it('says it writes nothing only for other rules of the pack', () => {
      const others = rules.map((r) => r.id).filter((other) => other !== id);
      expect((rule.meta.writesNothingFor ?? []).filter((other) => !others.includes(other))).toEqual([]);
    });

    it('describes itself without a final period and writes messages as full sentences', () => {
      expect(rule.meta.description).not.toMatch(/\.$/);
      // a message may end in a placeholder that holds a whole sentence of advice
      for (const message of Object.values(rule.meta.messages)) expect(message).toMatch(/([.!]|\}\})$/);
    });
  });
}
