/**
 * @module codemods/express
 * The Express 4 → 5 pack: one rule per file, registered here (a test checks that every rule file is listed).
 */
import { definePack } from '../../src/pack.ts';
import { ExpressFacts } from './_facts.ts';
import { docsUrl } from './_rule.ts';
import appDel from './app-del.ts';

export const rules = [appDel];

export default definePack({
  id: 'express',
  title: 'Express 4 → 5',
  packageName: 'express',
  versions: { old: '4', new: '5' },
  typesPackage: '@types/express',
  shimModule: 'straddle/express',
  docsUrl,
  rules,
  analyze: (sourceFile) => new ExpressFacts(sourceFile),
});
