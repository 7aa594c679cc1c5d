import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectEcmaVersion } from './ecma-version.ts';

const project = (files: Record<string, string>) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'straddle-ecma-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
};

describe('projectEcmaVersion', () => {
  it("reads the version the root's ESLint config pins, in any of its formats, as a year", () => {
    expect(projectEcmaVersion(project({ '.eslintrc': '{ "extends": "airbnb-base/legacy", "parserOptions": { "ecmaVersion": 6 } }' }))).toBe(2015);
    expect(projectEcmaVersion(project({ '.eslintrc.yml': 'parserOptions:\n  ecmaVersion: 2018\n' }))).toBe(2018);
    expect(projectEcmaVersion(project({ '.eslintrc.js': 'module.exports = { parserOptions: { ecmaVersion: 8, sourceType: "script" } };' }))).toBe(2017);
    expect(projectEcmaVersion(project({ 'eslint.config.mjs': 'export default [{ languageOptions: { ecmaVersion: 2022 } }];' }))).toBe(2022);
    expect(projectEcmaVersion(project({ 'package.json': '{ "eslintConfig": { "parserOptions": { "ecmaVersion": 2017 } } }' }))).toBe(2017);
    expect(projectEcmaVersion(project({ '.eslintrc.json': '{ "env": { "node": true, "es6": true } }' }))).toBe(2015);
  });

  it('takes the lowest where configs or overrides differ', () => {
    const overrides = '{ "parserOptions": { "ecmaVersion": 2020 }, "overrides": [{ "files": ["bin/*"], "parserOptions": { "ecmaVersion": 2017 } }] }';
    expect(projectEcmaVersion(project({ '.eslintrc.json': overrides }))).toBe(2017);
  });

  it('pins nothing without a config, for "latest", or where another parser reads the syntax', () => {
    expect(projectEcmaVersion(project({ 'package.json': '{ "name": "shop" }' }))).toBeUndefined();
    expect(projectEcmaVersion(project({ '.eslintrc': '{ "parserOptions": { "ecmaVersion": "latest" } }' }))).toBeUndefined();
    expect(projectEcmaVersion(project({ '.eslintrc.js': 'module.exports = { parser: "@babel/eslint-parser", parserOptions: { ecmaVersion: 6 } };' }))).toBeUndefined();
    expect(projectEcmaVersion(project({ '.eslintrc': '{ "extends": "standard" }' }))).toBeUndefined();
  });
});
