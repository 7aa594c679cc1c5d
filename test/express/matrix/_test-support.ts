/**
 * @module express/matrix/_test-support
 * The Express pack as the matrix tests' vehicle: a tiny project wired to the repo's real express 4, and a test script
 * that tells Express 4 from 5.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT, tempDir, writeTree } from '../../../src/matrix/_test-support.ts';

/** A test script that passes on Express 4 and fails on 5, printing mocha-like counts. */
export const PASS_ON_4 = "const v = require('express/package.json').version; require('express'); console.log(v.startsWith('4.') ? '2 passing' : '1 passing\\n  1 failing'); process.exit(v.startsWith('4.') ? 0 : 1);";

/**
 * A project whose node_modules/express is the repo's express4 (4.22.3), like a real project that installed
 * express@4. `files` are written at its root; a lockfile and a tool cache in node_modules come for free.
 */
export async function makeProject(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('straddle-project-');
  const packageJson = { name: 'tiny', version: '1.0.0', private: true, scripts: { test: 'node test.js' }, dependencies: { express: '^4.21.0' } };
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  await writeFile(path.join(dir, 'package-lock.json'), '{ "name": "tiny", "lockfileVersion": 3, "packages": {} }\n');
  await mkdir(path.join(dir, 'node_modules', '.vite'), { recursive: true });
  await writeFile(path.join(dir, 'node_modules', '.vite', 'results.json'), '{}\n');
  await symlink(path.join(REPO_ROOT, 'node_modules', 'express4'), path.join(dir, 'node_modules', 'express'));
  await writeTree(dir, files);
  return dir;
}
