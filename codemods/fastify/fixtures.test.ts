/**
 * Every fixture case under fixtures/fastify/<rule-id>/ (found with readdir, never listed by hand), and under each
 * project folder in it (a folder with a package.json, e.g. `fastify-4.25/`: its cases run as files of a project on
 * that fastify): `<case>.input.<ext>` must become `<case>.output.<ext>` byte for byte, a second run changes nothing
 * (the rule alone and the whole pack), the findings are those `<case>.findings.json` declares, and with
 * `<case>.requests.json` the output answers the same on real Fastify 4 and 5, and as the input did on 4, while the
 * input really breaks on 5. The checks are every pack's (codemods/_testing/fixture-cases.ts).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pack from './index.ts';
import { describeFixtureCases } from '../_testing/fixture-cases.ts';
import { caseFolders, fastifyProof } from './_testing/proof.ts';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/fastify');

for (const ruleId of readdirSync(ROOT).sort()) {
  const rule = pack.rules.find((r) => r.id === ruleId);
  describe(ruleId, () => {
    it('is a rule of the pack', () => expect(rule, `no rule for fixtures/fastify/${ruleId}`).toBeDefined());
    if (!rule) return;
    for (const folder of caseFolders(path.join(ROOT, ruleId))) {
      const project = path.relative(path.join(ROOT, ruleId), folder);
      if (project) describe(`${project}/`, () => describeFixtureCases(pack, rule, folder, fastifyProof));
      else describeFixtureCases(pack, rule, folder, fastifyProof);
    }
  });
}
