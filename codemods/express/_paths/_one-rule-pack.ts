/**
 * @module codemods/express/_paths/_one-rule-pack
 * Test support: the Express pack reduced to the `route-path` rule, so this rule's tests do not depend on every
 * other rule of the registry loading.
 */
import type { Pack } from '../../../src/pack.ts';
import { ExpressFacts } from '../_facts.ts';
import { docsUrl } from '../_rule.ts';
import routePath from '../route-path.ts';

export const routePathPack: Pack<ExpressFacts> = {
  id: 'express',
  title: 'Express 4 → 5 (route-path only)',
  packageName: 'express',
  versions: { old: '4', new: '5' },
  docsUrl,
  rules: [routePath],
  analyze: (sourceFile) => new ExpressFacts(sourceFile),
};
