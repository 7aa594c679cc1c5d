/**
 * The matrix's default command is the project's own manager running its `test` script (a pnpm project's pre/post
 * scripts and corepack's check see pnpm). A stand-in `pnpm` on the PATH says what it was asked and runs the
 * script, so no pnpm is downloaded.
 */
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SHARED_TEST_CACHE, tempDir } from '../../../src/matrix/_test-support.ts';
import { runMatrix } from '../../../src/matrix/run-matrix.ts';
import { makeProject, PASS_ON_4 } from './_test-support.ts';

/** A `pnpm` first on the PATH until the test ends: answers --version, else prints its argv and runs test.js. */
async function standInPnpm(): Promise<void> {
  const bin = await tempDir('straddle-fake-pnpm-');
  await writeFile(path.join(bin, 'pnpm'), '#!/bin/sh\n[ "$1" = --version ] && { echo 9.0.0; exit 0; }\necho "pnpm ran: $*"\nexec node test.js\n');
  await chmod(path.join(bin, 'pnpm'), 0o755);
  const saved = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${saved}`;
  onTestFinished(() => {
    process.env.PATH = saved;
  });
}

describe('the default test command in the matrix', () => {
  it("runs a pnpm project's tests with `pnpm test`", async () => {
    await standInPnpm();
    const project = await makeProject({ 'test.js': PASS_ON_4, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    const report = await runMatrix({ cwd: project, packageName: 'express', versions: ['4'], cacheDir: SHARED_TEST_CACHE });
    expect(report.command).toEqual(['pnpm', 'test']);
    expect(report.results[0]).toMatchObject({ ok: true, output: expect.stringContaining('pnpm ran: test') });
  });
});
