/**
 * Every fixture pair under fixtures/express/<rule-id>/ (found with readdir, never listed by hand):
 * `<case>.input.<ext>` must become `<case>.output.<ext>` byte for byte (no output file: must stay untouched),
 * a second run must change nothing, for the rule alone and for the whole pack (one `fix` run reaches the fixed
 * point even where one rule's output is another rule's input), and what the run leaves open is what a scan of the
 * output reports; `<case>.options.json` sets rule options; `<case>.findings.json` lists the exact findings
 * ({ line, column, messageId, fixed, confidence }; a fixed one's place is in the input, an open one's in the output),
 * and a case without one must report nothing; with `<case>.requests.json` the output must answer the same on real
 * Express 4 and 5, and as the input did on 4, while the input must really break on 5.
 * The checks themselves are in _testing/fixture-cases.ts (the rule template's test runs them too).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pack from './index.ts';
import { describeFixtureCases } from './_testing/fixture-cases.ts';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/express');

for (const ruleId of readdirSync(ROOT).sort()) {
  const rule = pack.rules.find((r) => r.id === ruleId);
  describe(ruleId, () => {
    it('is a rule of the pack', () => expect(rule, `no rule for fixtures/express/${ruleId}`).toBeDefined());
    if (rule) describeFixtureCases(pack, rule, path.join(ROOT, ruleId));
  });
}
