/**
 * The rule template of docs/contributing-rules.md cannot rot silently: tsc checks it against the current API
 * (tsconfig.json includes docs/rule-template/*.ts), and here it runs over its own fixtures with the very checks
 * fixtures.test.ts gives every rule of the pack, Express 4 and 5 included. It must stay out of the pack.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pack from '../codemods/express/index.ts';
import { describeFixtureCases } from '../codemods/express/_testing/fixture-cases.ts';
import template from '../docs/rule-template/template-rule.ts';

const DIR = path.resolve(import.meta.dirname, '../docs/rule-template');

describe('docs/rule-template', () => {
  it('is not a rule of the pack', () => expect(pack.rules.map((r) => r.id)).not.toContain(template.id));

  it('has a docs page skeleton under its own id', () => {
    expect(readFileSync(path.join(DIR, `${template.id}.md`), 'utf8')).toMatch(new RegExp(`^# ${template.id}\\n`));
  });

  describeFixtureCases(pack, template, path.join(DIR, 'fixtures'));
});
