/**
 * The generated Fastify corpus (bench/packs.ts measures the pack on it) is what it claims: the files asked for, the
 * framework ones Fastify code the pack recognises, with the Fastify 4 forms it must find, and nothing in the rest.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from './_corpus.ts';
import { discoverFiles } from '../src/engine/discover.ts';
import { runPack } from '../src/index.ts';
import fastify from '../codemods/fastify/index.ts';

const root = mkdtempSync(path.join(tmpdir(), 'straddle-corpus-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FRAMEWORK = ['routes', 'routers', 'plugins'];
/** The rules whose sites bench/_corpus-fastify.ts writes in its legacy forms. */
const GENERATED = ['json-shorthand', 'reply-redirect-code', 'listen-variadic', 'reply-get-response-time', 'request-connection', 'reply-sent-assign', 'request-route-props', 'logger-instance', 'plugin-fastify-range'];

/** Rules with a top-level fixture case that declares findings under default options: the dense corpus holds it. */
function rulesWithFixtureFindings(): string[] {
  const fixtures = path.join(import.meta.dirname, '../fixtures/fastify');
  return readdirSync(fixtures).filter((rule) =>
    readdirSync(path.join(fixtures, rule)).some((file) => {
      if (!file.endsWith('.findings.json')) return false;
      const name = file.slice(0, -'.findings.json'.length);
      return !existsSync(path.join(fixtures, rule, `${name}.options.json`)) && JSON.parse(readFileSync(path.join(fixtures, rule, file), 'utf8')).length > 0;
    }),
  );
}

describe('generateCorpus({ pack: "fastify" })', () => {
  it('writes a typical Fastify service: the files asked for, findings only in its Fastify files, every generated form found', async () => {
    const dir = generateCorpus(path.join(root, 'sparse'), 400, { pack: 'fastify' });
    expect(await discoverFiles(dir)).toHaveLength(400);
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies.fastify).toMatch(/^\^4\./);
    const report = await runPack(fastify, { cwd: dir, fix: false, jobs: 1 });
    expect(report.errors).toEqual([]);
    expect(new Set(report.findings.map((f) => f.file.split('/')[0]))).toEqual(new Set(FRAMEWORK));
    expect(new Set(report.findings.map((f) => f.ruleId))).toEqual(new Set(GENERATED));
    // a quarter of the files are Fastify code, as a quarter of the Express corpus is Express code
    const framework = (await discoverFiles(dir)).filter((file) => FRAMEWORK.includes(path.relative(dir, file).split(path.sep)[0]!));
    expect(framework.length / 400).toBeGreaterThan(0.15);
    expect(framework.length / 400).toBeLessThan(0.35);
  });

  it('writes a dense legacy app: most files Fastify code, every rule with fixture findings finds its sites', async () => {
    const dir = generateCorpus(path.join(root, 'dense'), 800, { dense: true, pack: 'fastify' });
    const report = await runPack(fastify, { cwd: dir, fix: false, jobs: 1 });
    expect(report.parsed / report.files).toBeGreaterThan(0.6);
    const found = new Set(report.findings.map((f) => f.ruleId));
    for (const rule of [...GENERATED, ...rulesWithFixtureFindings()]) expect(found, rule).toContain(rule);
  });
});
