import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProjectRules } from '../../src/engine/project-rules.ts';
import pack from './index.ts';

function run(packageJson: unknown, options: { fix?: boolean; target?: 'both' | 'new'; onceGreen?: boolean } = {}) {
  const cwd = mkdtempSync(path.join(tmpdir(), 'straddle-fastify-pkg-'));
  const text = JSON.stringify(packageJson, null, 2) + '\n';
  writeFileSync(path.join(cwd, 'package.json'), text);
  const result = runProjectRules(pack, cwd, { cwd, fix: options.fix ?? false, dryRun: false, target: options.target ?? 'both', assumeHandlers: false, onceGreen: options.onceGreen });
  return { result, before: text, after: JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) };
}

const APP = {
  name: 'orders',
  engines: { node: '>=18' },
  dependencies: { fastify: '^4.28.1', '@fastify/cors': '^9.0.1', '@fastify/static': '^8.1.0', 'fastify-plugin': '^4.5.1' },
  devDependencies: { typescript: '~5.3.3' },
};

describe('dependency-majors (rows 1-4)', () => {
  it('reports what must move with Fastify 5, and changes nothing while both majors run', () => {
    const { result, after } = run(APP, { fix: true });
    expect(result.findings.map((f) => [f.messageId, f.line, f.fixed])).toEqual([
      ['nodeEngines', 4, false],
      ['pluginMajor', 8, false],
      ['oldTypescript', 13, false],
    ]);
    // a plugin already on its Fastify 5 major (static 8) and fastify-plugin (no Fastify range of its own) are fine
    expect(result.findings.map((f) => f.message).join('\n')).not.toMatch(/@fastify\/static|fastify-plugin/);
    expect(result.findings.find((f) => f.messageId === 'pluginMajor')!.message).toContain('first release for Fastify 5 is 10.0.0');
    expect(after).toEqual(APP);
  });

  it('finish moves Node, fastify and each plugin to their Fastify 5 majors, and leaves TypeScript to a person', () => {
    const { after } = run(APP, { fix: true, target: 'new' });
    expect(after).toEqual({
      ...APP,
      engines: { node: '>=20' },
      dependencies: { fastify: '^5.1.0', '@fastify/cors': '^10.0.0', '@fastify/static': '^8.1.0', 'fastify-plugin': '^4.5.1' },
    });
  });

  it("widens a library's Fastify 4 peer range only once its tests pass on both", () => {
    const lib = { name: 'fastify-audit', peerDependencies: { fastify: '4.x' }, devDependencies: { fastify: '^4.29.0' } };
    expect(run(lib, { fix: true }).after.peerDependencies).toEqual({ fastify: '4.x' });
    expect(run(lib, { fix: true, onceGreen: true }).after.peerDependencies).toEqual({ fastify: '4.x || ^5.0.0' });
    expect(run({ ...lib, peerDependencies: { fastify: '4.x || 5.x' } }).result.findings).toEqual([]);
  });

  it('leaves a project already on Fastify 5 alone', () => {
    const { result } = run({ engines: { node: '>=20' }, dependencies: { fastify: '^5.2.0', '@fastify/cors': '^10.0.1' }, devDependencies: { typescript: '^5.6.0' } }, { fix: true, target: 'new' });
    expect(result.findings).toEqual([]);
  });
});
