/**
 * @module codemods/fastify/_testing/proof
 * How a Fastify fixture case is proven (codemods/_testing/fixture-cases.ts runs it): its `<case>.requests.json` sent
 * to the input and the output on real Fastify 4 and 5 (./behaviour.ts). A case folder may hold folders of its own,
 * each a project with a package.json (`fastify-4.25/`): their cases run as files of that project, which is how a rule
 * that depends on the project's 4.x minor is shown on each side of it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Proof } from '../../_testing/fixture-cases.ts';
import { answers, loadApp, type BehaviourSpec } from './behaviour.ts';

export const fastifyProof: Proof<BehaviourSpec> = {
  framework: 'Fastify',
  old: '4',
  new: '5',
  spec: (raw) => (Array.isArray(raw) ? { requests: raw as BehaviourSpec['requests'] } : (raw as BehaviourSpec)),
  sameAsInputOnOld: (spec) => spec.sameAsInputOn4 !== false,
  // a break only older 4.x minors show cannot be shown over HTTP with the installed 4.29 either
  breaksOnlyInTypes: (spec) => spec.breaksAt === 'types' || spec.breaksAt === 'older-minors',
  answers: async (code, fileName, major, spec) => answers(loadApp(code, fileName, major === 'old' ? 4 : 5), spec),
};

/** A rule's fixture folder and the project folders in it (those with a package.json), the folder itself first. */
export function caseFolders(dir: string): string[] {
  const projects = readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory() && existsSync(path.join(dir, name, 'package.json')))
    .sort()
    .map((name) => path.join(dir, name));
  return [dir, ...projects];
}
