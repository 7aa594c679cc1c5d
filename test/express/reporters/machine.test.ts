/**
 * The JSON `test` and `upgrade` print, held to the JSON Schemas under docs/schemas/ on real reports: a suite run by
 * a wrapper once per file (in-process counts, a hidden load failure, what its processes printed), upgraded by the
 * loop (rewrites, the shim, a fresh final run).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import pack from '../../../codemods/express/index.ts';
import { checkout, REPO_ROOT, SHARED_TEST_CACHE } from '../../../src/matrix/_test-support.ts';
import { runMatrix } from '../../../src/matrix/index.ts';
import { matrixJson, upgradeJson } from '../../../src/reporters/machine.ts';
import { runUpgrade } from '../../../src/upgrade/loop.ts';

const schema = (name: string) => new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(path.join(REPO_ROOT, 'docs/schemas', name), 'utf8')));
const validMatrix = schema('matrix-report.v1.schema.json');
const validUpgrade = schema('upgrade-report.v1.schema.json');
// what a reader gets: the printed JSON, parsed
const printed = (data: unknown) => JSON.parse(JSON.stringify(data));

describe('machine reports', () => {
  it('test --json and upgrade --json match their schemas, with no absolute path of a machine in them', { timeout: 900_000 }, async () => {
    const dir = await checkout(path.join(REPO_ROOT, 'fixtures/upgrade/mocha-per-file'));
    const matrix = printed(matrixJson(await runMatrix({ cwd: dir, packageName: 'express', versions: ['4', '5'], cacheDir: SHARED_TEST_CACHE })));
    expect(validMatrix(matrix), JSON.stringify(validMatrix.errors)).toBe(true);
    expect(matrix).toMatchObject({ schemaVersion: 1, results: [{ loaded: { path: 'node_modules/express' } }, { loaded: { path: 'node_modules/express' } }] });

    const upgrade = printed(upgradeJson(await runUpgrade(pack, { cwd: dir, cacheDir: SHARED_TEST_CACHE })));
    expect(validUpgrade(upgrade), JSON.stringify(validUpgrade.errors)).toBe(true);
    const withoutOutput = { ...matrix, results: matrix.results.map(({ output: _o, processOutput: _p, ...result }: Record<string, unknown>) => result) };
    for (const report of [withoutOutput, upgrade]) expect(JSON.stringify(report)).not.toContain(dir);

    // and the schemas can fail: a field that drifted, a type that changed
    expect(validMatrix({ ...matrix, cwd: dir })).toBe(false);
    // a shard's report (test --shard k/n) names its part, counted from 1
    expect(validMatrix({ ...matrix, shard: { index: 2, count: 2 } })).toBe(true);
    expect(validMatrix({ ...matrix, shard: { index: 0, count: 2 } })).toBe(false);
    expect(validUpgrade({ ...upgrade, iterations: [{ ...upgrade.iterations[0], index: '0' }] })).toBe(false);
  });
});
