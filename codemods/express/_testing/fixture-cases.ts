/**
 * @module codemods/express/_testing/fixture-cases
 * The checks every fixture case of a rule gets, for one rule's folder: fixtures.test.ts runs them over
 * fixtures/express/<rule-id>/, and test/rule-template.test.ts over the rule template's own fixtures, so the template of
 * docs/contributing-rules.md is held to exactly what a real rule is. The checks are every pack's
 * (codemods/_testing/fixture-cases.ts); what is Express's is the proof: real Express 4 and 5 (./behaviour.ts).
 */
import { describeFixtureCases as describeCases, type Proof } from '../../_testing/fixture-cases.ts';
import type { Pack } from '../../../src/pack.ts';
import type { Rule } from '../../../src/rule.ts';
import { answers, loadApp, type BehaviourSpec } from './behaviour.ts';

/** A case's requests.json on real Express 4 and 5 (a list of requests, or a {@link BehaviourSpec}). */
export const expressProof: Proof<BehaviourSpec> = {
  framework: 'Express',
  old: '4',
  new: '5',
  spec: (raw) => (Array.isArray(raw) ? { requests: raw as BehaviourSpec['requests'] } : (raw as BehaviourSpec)),
  sameAsInputOnOld: (spec) => spec.sameAsInputOn4 !== false,
  breaksOnlyInTypes: (spec) => spec.breaksAt === 'types',
  answers: async (code, fileName, major, spec) => answers(loadApp(code, fileName, major === 'old' ? 4 : 5), spec),
};

/** One `describe` per `<case>.input.<ext>` in `dir`; "every rule of the pack" is `pack.rules` (plus `rule`, if not in it). */
export function describeFixtureCases<F>(pack: Pack<F>, rule: Rule<string, F>, dir: string): void {
  describeCases(pack, rule, dir, expressProof);
}
