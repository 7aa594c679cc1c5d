import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProjectRules } from '../../src/engine/project-rules.ts';
import pack from './index.ts';

function run(packageJson: unknown, options: { fix?: boolean; target?: 'both' | 'new'; dryRun?: boolean; toolchain?: boolean; onceGreen?: boolean } = {}) {
  const cwd = mkdtempSync(path.join(tmpdir(), 'straddle-pkg-'));
  const text = JSON.stringify(packageJson, null, 4) + '\n';
  writeFileSync(path.join(cwd, 'package.json'), text);
  const result = runProjectRules(pack, cwd, { cwd, fix: options.fix ?? false, dryRun: options.dryRun ?? false, target: options.target ?? 'both', assumeHandlers: false, toolchain: options.toolchain, onceGreen: options.onceGreen });
  return { result, before: text, after: readFileSync(path.join(cwd, 'package.json'), 'utf8') };
}

describe('package.json rules', () => {
  it('reports an engines range below Node 18, and fixes it only for the new-major target', () => {
    const pkg = { name: 'shop', engines: { node: '>=14' }, dependencies: { express: '^4.18.2' } };
    const both = run(pkg, { fix: true });
    expect(both.result.findings.map((f) => [f.ruleId, f.fixed])).toEqual([['node-engines', false]]);
    expect(both.after).toBe(both.before);

    const finish = run(pkg, { fix: true, target: 'new' });
    expect(JSON.parse(finish.after)).toEqual({ name: 'shop', engines: { node: '>=18' }, dependencies: { express: '^5.1.0' } });
    expect(finish.after.split('\n')[1]).toMatch(/^ {4}"name"/); // the file's own indentation is kept
  });

  it('names packages that reach into Express 4 internals, old jest, and direct path-to-regexp', () => {
    const { result } = run({
      dependencies: { 'express-async-errors': '^3.1.1', 'express-list-endpoints': '^6.0.0', 'path-to-regexp': '^0.1.7' },
      devDependencies: { jest: '^26.6.3', 'express-list-routes': '^1.3.1' },
    });
    expect(result.findings.map((f) => [f.ruleId, f.messageId, f.line])).toEqual([
      ['dependency-majors', 'internals', 3],
      ['dependency-majors', 'internals', 4],
      ['dependency-majors', 'pathToRegexp', 5],
      ['dependency-majors', 'oldJest', 8],
    ]);
  });

  it('moves jest 26 and its companions to 27 only when asked for toolchain fixes', () => {
    const pkg = { devDependencies: { jest: '^26.6.3', 'ts-jest': '^26.5.6', 'babel-jest': '~26.6.0', '@types/jest': '^29.5.0', supertest: '^6.0.0' } };
    const plain = run(pkg, { fix: true });
    expect(plain.after).toBe(plain.before);
    expect(plain.result.findings.map((f) => [f.messageId, f.fixable, f.fixed])).toEqual([['oldJest', true, false]]);
    const toolchain = run(pkg, { fix: true, toolchain: true });
    expect(JSON.parse(toolchain.after).devDependencies).toEqual({ jest: '^27.5.1', 'ts-jest': '^27.1.5', 'babel-jest': '^27.5.1', '@types/jest': '^29.5.0', supertest: '^6.0.0' });
  });

  it("widens a library's peer range to Express 5 only once its tests pass on both (the loop asks with onceGreen)", () => {
    const pkg = { name: 'mw', main: 'index.js', peerDependencies: { express: '^4.17.0' }, devDependencies: { express: '^4.21.0' } };
    const plain = run(pkg, { fix: true });
    expect(plain.after).toBe(plain.before);
    expect(plain.result.findings.map((f) => [f.messageId, f.fixable, f.fixed])).toEqual([['peerRange', true, false]]);
    const green = run(pkg, { fix: true, onceGreen: true });
    expect(JSON.parse(green.after).peerDependencies).toEqual({ express: '^4.17.0 || ^5.0.0' });
    expect(run({ peerDependencies: { express: '^4 || ^5' } }).result.findings).toEqual([]);
    expect(run(pkg, { fix: true, target: 'new' }).result.findings.map((f) => f.messageId)).not.toContain('peerRange');
  });

  it('moves a TypeScript too old for @types/express@5 only when asked for toolchain fixes', () => {
    const pkg = { devDependencies: { typescript: '^2.9.2', '@types/express': '^4.16.0', mocha: '^5.2.0' } };
    const plain = run(pkg, { fix: true });
    expect(plain.after).toBe(plain.before);
    expect(plain.result.findings.map((f) => [f.ruleId, f.messageId, f.fixed])).toEqual([
      ['dependency-majors', 'typesMajor', false],
      ['typescript-major', 'oldTypescript', false],
    ]);
    // the old major's types stay while the code runs on both: a note, which never fails `scan --fail-on`
    expect(plain.result.findings.find((f) => f.messageId === 'typesMajor')?.note).toBe(true);
    expect(JSON.parse(run(pkg, { fix: true, toolchain: true }).after).devDependencies.typescript).toBe('^5.6.0');
    // without the Express types, an old compiler is not ours to move
    expect(run({ devDependencies: { typescript: '^3.9.0' } }).result.findings).toEqual([]);
  });

  it('leaves a project that is already fine alone', () => {
    const { result } = run({ engines: { node: '>=18' }, devDependencies: { jest: '^29.7.0', '@types/express': '^5.0.0' }, scripts: { dev: 'DEBUG=express:*,router node app.js' } });
    expect(result.findings).toEqual([]);
  });

  it('reports DEBUG=express:router without the router namespace', () => {
    const { result } = run({ scripts: { start: 'DEBUG=express:router node server.js', test: 'vitest' } });
    expect(result.findings.map((f) => f.messageId)).toEqual(['routerNamespace']);
  });

  it('writes nothing in a dry run but returns the diff', () => {
    const { result, before, after } = run({ engines: { node: '>=12' } }, { fix: true, target: 'new', dryRun: true });
    expect(after).toBe(before);
    expect(result.patch).toContain('+        "node": ">=18"');
  });
});
