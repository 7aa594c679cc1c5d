/**
 * @module codemods/_testing/fixture-cases
 * The checks every fixture case of a rule gets, whatever the pack: `<case>.input.<ext>` must become
 * `<case>.output.<ext>` byte for byte (no output file: untouched), a second run changes nothing (for the rule alone
 * and with every rule of the pack), what a run leaves open is what a scan of its output reports, the findings are
 * exactly those `<case>.findings.json` declares, and with `<case>.requests.json` the pack's {@link Proof} runs the
 * input and the output on the framework's real old and new majors. Each pack's fixtures test calls
 * {@link describeFixtureCases} with its own proof (codemods/<pack>/_testing/).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredFindings, DEFAULT_OPTIONS, expectedFindingsOf, runTwice } from '../../src/testing/rule-tester.ts';
import { runFile } from '../../src/engine/run-file.ts';
import type { Pack } from '../../src/pack.ts';
import type { Finding, Rule, RuleOptions } from '../../src/rule.ts';

const INPUT = /^(.+)\.input\.(\w+)$/;

/** How a pack proves a case on its framework's two majors: what `<case>.requests.json` means, and how it is sent. */
export interface Proof<Spec> {
  /** The framework as test names say it (`Express`), and its majors (`4`, `5`). */
  framework: string;
  old: string;
  new: string;
  /** The spec a `<case>.requests.json` holds, as read from its JSON. */
  spec(raw: unknown): Spec;
  /** False when the rule deliberately changes what the old major answered: only old = new is asserted then. */
  sameAsInputOnOld(spec: Spec): boolean;
  /** True when the input breaks on the new major only in type checks: its break is not asserted over HTTP. */
  breaksOnlyInTypes(spec: Spec): boolean;
  /** What `code` (the file `fileName`) answers on one major; throws when it cannot even start. */
  answers(code: string, fileName: string, major: 'old' | 'new', spec: Spec): Promise<unknown>;
}

const bySite = (findings: readonly Finding[]) =>
  [...findings].sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.messageId.localeCompare(b.messageId));

/** One `describe` per `<case>.input.<ext>` in `dir`; "every rule of the pack" is `pack.rules` (plus `rule`, if not in it). */
export function describeFixtureCases<F, Spec>(pack: Pack<F>, rule: Rule<string, F>, dir: string, proof: Proof<Spec>): void {
  const allRules = pack.rules.includes(rule) ? pack.rules : [...pack.rules, rule];
  for (const file of readdirSync(dir).sort()) {
    const match = INPUT.exec(file);
    if (!match) continue;
    const [, name, ext] = match;
    const inputFile = path.join(dir, file);
    const outputFile = path.join(dir, `${name}.output.${ext}`);
    const optionsFile = path.join(dir, `${name}.options.json`);
    const requestsFile = path.join(dir, `${name}.requests.json`);
    const input = readFileSync(inputFile, 'utf8');
    const expected = existsSync(outputFile) ? readFileSync(outputFile, 'utf8') : input;
    const options: Partial<RuleOptions> = existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {};

    describe(`${name}.${ext}`, () => {
      const run = runTwice(pack, rule, inputFile, input, options);
      it(existsSync(outputFile) ? 'rewrites to the expected output' : 'leaves the file untouched', () => {
        expect(run.output).toBe(expected);
      });
      it('is idempotent, and reports of what it leaves what a scan of its output reports', () => {
        expect(run.secondOutput).toBe(run.output);
        expect(bySite(run.findings.filter((f) => !f.fixed))).toEqual(bySite(run.secondFindings));
      });
      it('is idempotent with every rule of the pack, and reports of what it leaves what a scan of the output reports', () => {
        const all = { ...DEFAULT_OPTIONS, ...options, fix: true };
        const first = runFile(pack, allRules, inputFile, input, all);
        const once = first.output ?? input;
        expect(runFile(pack, allRules, inputFile, once, all).output ?? once).toBe(once);
        expect(bySite(first.findings.filter((f) => !f.fixed))).toEqual(bySite(runFile(pack, allRules, inputFile, once, { ...all, fix: false }).findings));
      });
      if (existsSync(outputFile)) {
        it('reports every site it fixes', () => expect(run.findings.filter((f) => f.fixed).length).toBeGreaterThan(0));
      }
      const findingsFile = path.join(dir, `${name}.findings.json`);
      const declared = existsSync(findingsFile);
      // Every finding is declared with its message id, line and column, as a typescript-eslint invalid case's `errors`.
      it(declared ? 'reports exactly the declared findings' : 'reports nothing (it has no findings.json)', () => {
        const missing = `${name}.${ext} reports findings: declare each one as { line, column, messageId, fixed, confidence } in ${name}.findings.json`;
        expect(expectedFindingsOf(run.findings), declared ? undefined : missing).toEqual(declaredFindings(findingsFile));
      });
      if (existsSync(requestsFile)) {
        const spec = proof.spec(JSON.parse(readFileSync(requestsFile, 'utf8')));
        const { framework, old, new: next } = proof;
        it(`answers the same on ${framework} ${old} and ${next} (and as the input did on ${old})`, async () => {
          const inputOnOld = await proof.answers(input, inputFile, 'old', spec);
          const outputOnOld = await proof.answers(run.output, inputFile, 'old', spec);
          const outputOnNew = await proof.answers(run.output, inputFile, 'new', spec);
          expect(outputOnNew).toEqual(outputOnOld);
          if (proof.sameAsInputOnOld(spec)) expect(outputOnOld).toEqual(inputOnOld);
        });
        it.skipIf(proof.breaksOnlyInTypes(spec))(`fixes something that really breaks: the input fails or answers differently on ${framework} ${next}`, async () => {
          let inputOnNew: unknown;
          try {
            inputOnNew = await proof.answers(input, inputFile, 'new', spec);
          } catch (error) {
            inputOnNew = error;
          }
          expect(inputOnNew).not.toEqual(await proof.answers(input, inputFile, 'old', spec));
        });
      }
    });
  }
}
