/**
 * The pack's registry invariants (typescript-eslint's index and docs tests): every rule file is registered under its
 * own file name, has fixtures and a docs page whose header matches its metadata and whose examples are its real
 * output, states its messages properly; the rules together cover every row of the shipped breaking-change table,
 * and the shim's features are rules whose rows the shim guide repeats.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/authoring.ts';
import { applyRule } from '../../src/testing/rule-tester.ts';
import { FEATURE_IDS } from '../../shims/express/flags.ts';
import { SPEC_PAGE } from '../../shims/express/_docs.ts';
import pack from './index.ts';
import { examples, inContext, linkedRows, outOfContext, tableRow, tableRows, type Example } from './_testing/docs-pages.ts';
import { describeRuleMeta } from '../_testing/rule-meta.ts';

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '../..');
const DOCS = path.join(ROOT, 'docs/express');
const readDoc = (page: string) => readFileSync(path.join(DOCS, `${page}.md`), 'utf8');
const TABLE = readDoc(SPEC_PAGE);
const TABLE_ROWS = tableRows(TABLE);

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

  it('ships the breaking-change table with rows 1 to N, each with its anchor', () => {
    expect(TABLE_ROWS.length).toBeGreaterThan(50);
    expect(TABLE_ROWS).toEqual(Array.from({ length: TABLE_ROWS.length }, (_, i) => i + 1));
  });

  it('covers every row of the table', () => {
    const covered = new Set(allRules.flatMap((r) => r.meta.rows));
    expect(TABLE_ROWS.filter((row) => !covered.has(row))).toEqual([]);
  });

  it('links only rows the table has, from every docs page', () => {
    const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md'));
    const dangling = pages.flatMap((f) => linkedRows(readFileSync(path.join(DOCS, f), 'utf8')).filter((row) => !TABLE_ROWS.includes(row)).map((row) => `${f}: row ${row}`));
    expect(dangling).toEqual([]);
  });

  describeRuleMeta(allRules, DOCS, TABLE_ROWS);

  describe.each(pack.rules.map((r) => [r.id, r] as const))('%s fixtures', (id, rule) => {
    const dir = path.join(ROOT, 'fixtures/express', id);
    const files = existsSync(dir) ? readdirSync(dir) : [];
    const inputs = files.filter((f) => f.includes('.input.'));
    const caseOf = (f: string) => f.replace(/\.input\.\w+$/, '');

    it('has positive cases in JS and TS', () => {
      const positive = inputs.filter((f) => files.some((g) => g.startsWith(`${caseOf(f)}.output.`) || g === `${caseOf(f)}.findings.json`));
      const languages = rule.meta.languages ?? ['javascript', 'typescript'];
      for (const language of languages) expect(positive.some((f) => languageOf(f) === language), `a ${language} positive case`).toBe(true);
    });

    it('has a negative case that must stay untouched', () => {
      expect(inputs.some((f) => !files.some((g) => g.startsWith(`${caseOf(f)}.output.`)))).toBe(true);
    });

    if (rule.meta.kind !== 'report' && rule.meta.kind !== 'shim') {
      it('proves at least one fix on real Express 4 and 5', () => expect(files.some((f) => f.endsWith('.requests.json'))).toBe(true));
    }
  });

  describe('shim features', () => {
    const ruleIds = allRules.map((r) => r.id);
    const guide = readDoc('shim');

    it('are rules: each feature id is a rule id, and each rule of kind `shim` is a feature', () => {
      expect(FEATURE_IDS.filter((id) => !ruleIds.includes(id))).toEqual([]);
      expect(allRules.filter((r) => r.meta.kind === 'shim').map((r) => r.id).filter((id) => !(FEATURE_IDS as string[]).includes(id))).toEqual([]);
    });

    it('are the ones rule pages name as their shim counterpart', () => {
      const named = allRules.flatMap((r) => [...readDoc(r.id).matchAll(/shim(?:'s)? feature `([a-z-]+)`|`([a-z-]+)` feature/g)].map((m) => m[1] ?? m[2]!));
      expect(named.filter((id) => !(FEATURE_IDS as string[]).includes(id))).toEqual([]);
    });

    it.each(FEATURE_IDS)('%s: the shim guide lists its rule\'s rows', (id) => {
      const line = guide.split('\n').find((l) => l.startsWith(`| \`${id}\` |`));
      expect(line, `a row for ${id} in docs/express/shim.md`).toBeDefined();
      expect(linkedRows(line!.split(' | ')[1]!)).toEqual(allRules.find((r) => r.id === id)?.meta.rows);
    });

    it('cover every row whose "Shim?" column asks for a shim or config', () => {
      const wanted = TABLE_ROWS.filter((row) => {
        const shim = tableRow(TABLE, row)?.[5] ?? '';
        return !/^no\b/.test(shim) && /\byes\b|config|^same$|only to keep|coercion shim|optional `req\.body/.test(shim);
      });
      expect(wanted).toEqual(expect.arrayContaining([10, 12, 37, 38, 42]));
      const covered = new Set(FEATURE_IDS.flatMap((id) => allRules.find((r) => r.id === id)?.meta.rows ?? []));
      expect(wanted.filter((row) => !covered.has(row))).toEqual([]);
    });
  });

  describe.each(pack.rules.map((r) => [r.id, r] as const))('%s docs examples', (id, rule) => {
    const found = examples(readDoc(id));
    const run = (example: Example, target: 'both' | 'new') => {
      const file = inContext(example.code);
      // every fix the rule can write, those that wait for proof (a handler's name, replay's evidence) too
      const result = applyRule(pack, rule, example.fileName, file, { target, assumeHandlers: true, evidence: [rule.id] });
      return { findings: result.findings, output: outOfContext(example.code, result.output ?? file) };
    };

    const pairs = found.flatMap((before, i) => {
      if (before.label !== 'before') return [];
      const afters = [];
      for (const after of found.slice(i + 1)) {
        if (after.label !== 'after') break;
        afters.push(after);
      }
      return afters.map((after) => [before, after] as const);
    });
    if (rule.meta.kind === 'both' || rule.meta.kind === 'new') {
      it('shows its fix as ❌ Before / ✅ After', () => expect(pairs.length).toBeGreaterThan(0));
    }

    it.each(pairs.map(([before, after]) => [after.title, before, after] as const))('%s is the rule\'s real output', (_, before, after) => {
      const target = /--target 5/.test(after.title) ? 'new' : 'both';
      expect(run(before, target).output).toBe(after.code);
    });

    it.each(found.filter((e) => e.label === 'reported').map((e) => [e.title, e] as const))('%s is reported', (_, example) => {
      expect(run(example, 'both').findings.length).toBeGreaterThan(0);
    });
  });
});
