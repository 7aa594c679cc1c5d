/**
 * The pack's registry invariants (typescript-eslint's index and docs tests): every rule file is registered under its
 * own file name, has fixtures and a docs page, states its messages properly, and the rules together cover every
 * row of the spec table.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pack from './index.ts';

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '../..');
const SPEC_ROWS = 57;

const ruleFiles = readdirSync(HERE)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && !f.endsWith('.test.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const sourceIds = pack.rules.map((r) => r.id);
const projectIds = (pack.projectRules ?? []).map((r) => r.id);
const allRules = [...pack.rules, ...(pack.projectRules ?? [])];

describe('express pack registry', () => {
  it('registers every rule file, under its file name, once', () => {
    expect([...sourceIds, ...projectIds].sort()).toEqual(ruleFiles);
  });

  it('covers every row of the spec table', () => {
    const covered = new Set(allRules.flatMap((r) => r.meta.rows));
    const missing = Array.from({ length: SPEC_ROWS }, (_, i) => i + 1).filter((row) => !covered.has(row));
    expect(missing).toEqual([]);
  });

  describe.each(allRules.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    it('has a docs page', () => expect(existsSync(path.join(ROOT, 'docs/express', `${id}.md`))).toBe(true));

    it('describes itself without a final period and writes messages as full sentences', () => {
      expect(rule.meta.description).not.toMatch(/\.$/);
      // a message may end in a placeholder that holds a whole sentence of advice
      for (const message of Object.values(rule.meta.messages)) expect(message).toMatch(/([.!]|\}\})$/);
    });
  });

  describe.each(pack.rules.map((r) => [r.id, r] as const))('%s fixtures', (id, rule) => {
    const dir = path.join(ROOT, 'fixtures/express', id);
    const files = existsSync(dir) ? readdirSync(dir) : [];
    const inputs = files.filter((f) => f.includes('.input.'));
    const caseOf = (f: string) => f.replace(/\.input\.\w+$/, '');

    it('has positive cases in JS and TS', () => {
      const positive = inputs.filter((f) => files.some((g) => g.startsWith(`${caseOf(f)}.output.`) || g === `${caseOf(f)}.findings.json`));
      expect(positive.some((f) => /\.[cm]?jsx?$/.test(f)), 'a JS positive case').toBe(true);
      expect(positive.some((f) => /\.[cm]?tsx?$/.test(f)), 'a TS positive case').toBe(true);
    });

    it('has a negative case that must stay untouched', () => {
      expect(inputs.some((f) => !files.some((g) => g.startsWith(`${caseOf(f)}.output.`)))).toBe(true);
    });

    if (rule.meta.kind !== 'report' && rule.meta.kind !== 'shim') {
      it('proves at least one fix on real Express 4 and 5', () => expect(files.some((f) => f.endsWith('.requests.json'))).toBe(true));
    }
  });
});
