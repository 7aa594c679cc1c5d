/**
 * The Fastify pack's registry invariants, as the Express pack's registry test holds its own: every rule file is
 * registered under its own file name, has fixtures (positive cases in JS and TS, a `not-fastify` case that must stay
 * untouched, a case proven on real Fastify 4 and 5) and a docs page whose header matches its metadata and whose
 * examples are its real output; messages are full sentences; every row cited is a row of the shipped table.
 * Every row of the table is a rule, or one of the rows the table's "Rows that are not rules" says are done by hand.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/authoring.ts';
import { applyRule } from '../../src/testing/rule-tester.ts';
import pack from './index.ts';
import { SPEC_PAGE } from './_docs.ts';
import { examples, linkedRows, tableRows, type Example } from '../_testing/docs-pages.ts';
import { describeRuleMeta } from '../_testing/rule-meta.ts';
import { caseFolders } from './_testing/proof.ts';

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '../..');
const DOCS = path.join(ROOT, 'docs/fastify');
const readDoc = (page: string) => readFileSync(path.join(DOCS, `${page}.md`), 'utf8');
const TABLE_ROWS = tableRows(readDoc(SPEC_PAGE));
// source rules and the package.json rules (their fixtures and examples are package.json cases: project-rules.test.ts)
const allRules = [...pack.rules, ...(pack.projectRules ?? [])];

const ruleFiles = readdirSync(HERE)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && !f.endsWith('.test.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

// A snippet that does not import fastify runs as the body of a route handler of a Fastify app: its `app`,
// `request` and `reply` are what the page says they are. It runs in a project on the newest 4.x (4.29), as a rule
// that depends on the minor sees it.
const CONTEXT_HEAD = "const fastify = require('fastify');\nconst app = fastify();\napp.get('/', async (request, reply) => {\n";
const CONTEXT_TAIL = '});\n';
const inContext = (code: string) => (/require\(['"]fastify['"]\)|from ['"]fastify['"]/.test(code) ? code : CONTEXT_HEAD + code + CONTEXT_TAIL);
const outOfContext = (code: string, text: string) =>
  code === text || !text.startsWith(CONTEXT_HEAD) || !text.endsWith(CONTEXT_TAIL) ? text : text.slice(CONTEXT_HEAD.length, -CONTEXT_TAIL.length);
const EXAMPLE_PROJECT = mkdtempSync(path.join(os.tmpdir(), 'straddle-fastify-docs-'));
writeFileSync(path.join(EXAMPLE_PROJECT, 'package.json'), '{ "name": "docs-example", "private": true, "dependencies": { "fastify": "^4.29.0" } }\n');

describe('fastify pack registry', () => {
  it('is the built-in pack `fastify` for the package fastify, 4 → 5', () => {
    expect({ id: pack.id, packageName: pack.packageName, versions: pack.versions }).toEqual({ id: 'fastify', packageName: 'fastify', versions: { old: '4', new: '5' } });
  });

  it('registers every rule file, under its file name, once', () => {
    expect(allRules.map((r) => r.id).sort()).toEqual(ruleFiles);
  });

  it('ships the breaking-change table with rows 1 to N, each with its anchor', () => {
    expect(TABLE_ROWS.length).toBe(44);
    expect(TABLE_ROWS).toEqual(Array.from({ length: TABLE_ROWS.length }, (_, i) => i + 1));
  });

  it('covers every row of the table with a rule, but the rows the table says are done by hand, and why', () => {
    const byHand = [...readDoc(SPEC_PAGE).matchAll(/<a id="by-hand-(\d+)"><\/a>Row (\d+) \(/g)].map(([, anchor, row]) => {
      expect(anchor).toBe(row);
      return Number(row);
    });
    const ruled = new Set(allRules.flatMap((rule) => rule.meta.rows));
    expect(byHand.filter((row) => ruled.has(row)), 'a row is both a rule and done by hand').toEqual([]);
    expect(TABLE_ROWS.filter((row) => !ruled.has(row) && !byHand.includes(row)), 'rows neither a rule nor done by hand').toEqual([]);
    expect(byHand).toEqual([41, 44]);
  });

  it('links only rows the table has, from every docs page', () => {
    const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md'));
    const dangling = pages.flatMap((f) => linkedRows(readFileSync(path.join(DOCS, f), 'utf8')).filter((row) => !TABLE_ROWS.includes(row)).map((row) => `${f}: row ${row}`));
    expect(dangling).toEqual([]);
  });

  it('links each rule to its page and each row to its anchor in docs/fastify', () => {
    for (const rule of allRules) {
      expect(pack.docsUrl(rule.id)).toBe(`file://${DOCS}/${rule.id}.md`);
      for (const row of rule.meta.rows) expect(pack.rowUrl!(row)).toBe(`file://${DOCS}/${SPEC_PAGE}.md#row-${row}`);
    }
  });

  describeRuleMeta(allRules, DOCS, TABLE_ROWS);

  describe.each(pack.rules.map((r) => [r.id, r] as const))('%s fixtures', (id, rule) => {
    const dir = path.join(ROOT, 'fixtures/fastify', id);
    const files = existsSync(dir) ? caseFolders(dir).flatMap((folder) => readdirSync(folder).map((f) => path.relative(dir, path.join(folder, f)))) : [];
    const inputs = files.filter((f) => f.includes('.input.'));
    const caseOf = (f: string) => f.replace(/\.input\.\w+$/, '');
    const hasOutput = (f: string) => files.some((g) => g.startsWith(`${caseOf(f)}.output.`));

    it('has positive cases in JS and TS', () => {
      const positive = inputs.filter((f) => hasOutput(f) || files.includes(`${caseOf(f)}.findings.json`));
      const languages = rule.meta.languages ?? ['javascript', 'typescript'];
      for (const language of languages) expect(positive.some((f) => languageOf(f) === language), `a ${language} positive case`).toBe(true);
    });

    it('has a `not-fastify` case: the same names on objects that are not Fastify, untouched and unreported', () => {
      const negative = inputs.filter((f) => path.basename(caseOf(f)) === 'not-fastify');
      expect(negative.length).toBeGreaterThan(0);
      for (const f of negative) expect(hasOutput(f) || files.includes(`${caseOf(f)}.findings.json`), f).toBe(false);
    });

    if (rule.meta.kind !== 'report' && rule.meta.kind !== 'shim') {
      it('proves at least one fix on real Fastify 4 and 5', () => expect(files.some((f) => f.endsWith('.requests.json'))).toBe(true));
    }
  });

  describe.each(pack.rules.map((r) => [r.id, r] as const))('%s docs examples', (id, rule) => {
    const found = examples(readDoc(id));
    // `evidence`: the rule's fixes that wait for replayed traffic (an After titled "… replayed traffic …")
    const run = (example: Example, target: 'both' | 'new', evidence?: string[]) => {
      const file = inContext(example.code);
      const result = applyRule(pack, rule, example.fileName, file, { target, assumeHandlers: true, cwd: EXAMPLE_PROJECT, ...(evidence && { evidence }) });
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
      expect(run(before, target, /replayed traffic/.test(after.title) ? [id] : undefined).output).toBe(after.code);
    });

    it.each(found.filter((e) => e.label === 'reported').map((e) => [e.title, e] as const))('%s is reported', (_, example) => {
      const { findings } = run(example, 'both');
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((f) => !f.fixed)).toBe(true);
    });

    it.each(found.filter((e) => e.label === 'dual').map((e) => [e.title, e] as const))('%s is left alone', (_, example) => {
      expect(run(example, 'both').findings).toEqual([]);
    });
  });
});
