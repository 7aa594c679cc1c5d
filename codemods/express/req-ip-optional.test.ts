import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFailures } from '../../src/upgrade/diagnose.ts';
import { typeErrors } from './_testing/types.ts';
import pack from './index.ts';

const dir = path.resolve(import.meta.dirname, '../../fixtures/express/req-ip-optional');
const check = (name: string, major: 4 | 5) => typeErrors(path.join(dir, name), readFileSync(path.join(dir, name), 'utf8'), major);

describe('req-ip-optional against the real @types/express of each major', () => {
  // the 4 types a project locked before @types/express-serve-static-core 4.17.39 compile it; no alias here pins them
  it('finds the sites that fail against the 5 types', () => {
    const on5 = check('audit.input.ts', 5);
    expect(on5.map((e) => e.split(':')[0])).toEqual(['15', '16', '19']);
    for (const error of on5) expect(error).toMatch(/TS2(345|322) .*'string \| undefined'/);
  });

  it('writes what compiles against both', () => {
    expect(check('audit.output.ts', 4)).toEqual([]);
    expect(check('audit.output.ts', 5)).toEqual([]);
  });

  it('leaves alone only what compiles against both already', () => {
    expect(check('left-alone.input.ts', 4)).toEqual([]);
    expect(check('left-alone.input.ts', 5)).toEqual([]);
  });

  it("is the rule the upgrade loop names for that type error, as ts-jest prints it", () => {
    const [first] = check('audit.input.ts', 5);
    const printed = `test/helpers/server.ts:15:32 - error ${first!.replace(/^\d+: (TS\d+) /, '$1: ')}`;
    expect(findFailures(pack, '5', printed, ['test/helpers/server.ts'])).toEqual([
      expect.objectContaining({ ruleId: 'req-ip-optional', site: { file: 'test/helpers/server.ts', line: 15 } }),
    ]);
  });
});
