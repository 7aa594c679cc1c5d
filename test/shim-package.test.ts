/**
 * @straddle/express as an app or a library installs it: from its packed tarball into a fresh app, which must gain
 * one package and at most 100 kB, and find it from CommonJS, ES modules, jest 26 (which reads `main`, not
 * `exports`) and TypeScript's node, node16 and bundler resolution. `straddle/express` of the CLI package is the same
 * module, not a copy, and the vendored copy `upgrade` writes is the package's own file.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shimPackageDist, vendorFiles } from '../codemods/express/_vendor.ts';
import { defaultCacheDir } from '../src/matrix/cache-dir.ts';
import { ensureInstalled } from '../src/matrix/install-cache.ts';
import { REPO_ROOT } from '../src/matrix/_test-support.ts';

const PACKAGE_DIR = path.join(REPO_ROOT, 'packages/express');
const LIMIT = 100_000;
const node = (cwd: string, ...args: string[]) => execFileSync(process.execPath, args, { cwd, encoding: 'utf8' }).trim();

let tarball: string;
let app: string;

/** Bytes of every file under `dir`, as a fresh install lays them out on disk. */
async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

let work: string;

beforeAll(async () => {
  // shared by every test (one pack, one install), so made here and removed after all
  work = await mkdtemp(path.join(os.tmpdir(), 'straddle-shim-package-'));
  const packed = path.join(work, 'pack');
  await mkdir(packed);
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', packed], { cwd: PACKAGE_DIR, encoding: 'utf8' }).trim().split('\n').at(-1)!;
  tarball = path.join(packed, name);
  app = path.join(work, 'app');
  await mkdir(app);
  await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, version: '1.0.0' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--offline', tarball], { cwd: app, stdio: 'pipe' });
}, 120_000);

/** The CLI package as npm lays it out beside the shim it depends on (its toolchain is not needed to load the shim). */
async function installCliLayout(): Promise<void> {
  const cli = path.join(app, 'node_modules/straddle');
  await mkdir(cli, { recursive: true });
  await cp(path.join(REPO_ROOT, 'package.json'), path.join(cli, 'package.json'));
  for (const dir of ['dist/shims', 'express']) await cp(path.join(REPO_ROOT, dir), path.join(cli, dir), { recursive: true });
}
afterAll(() => rm(work, { recursive: true, force: true }));

describe('@straddle/express, installed from its tarball into a fresh app', () => {
  it('packs to at most 100 kB and declares no dependency, express an optional peer', async () => {
    expect((await stat(tarball)).size).toBeLessThanOrEqual(LIMIT);
    const manifest = JSON.parse(await readFile(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependenciesMeta).toEqual({ express: { optional: true } });
  });

  it('adds one package and at most 100 kB to node_modules', async () => {
    // measured before the CLI's layout joins it below
    const modules = path.join(app, 'node_modules');
    expect((await readdir(modules)).filter((name) => !name.startsWith('.'))).toEqual(['@straddle']);
    expect(await readdir(path.join(modules, '@straddle'))).toEqual(['express']);
    expect(await bytesUnder(modules)).toBeLessThanOrEqual(LIMIT);
  });

  it('loads from CommonJS and from an ES module as one instance', async () => {
    await writeFile(path.join(app, 'both.mjs'), [
      "import { createRequire } from 'node:module';",
      "import { straddle, FLAGS } from '@straddle/express';",
      'const required = createRequire(import.meta.url)(\'@straddle/express\');',
      "console.log(typeof straddle, required.straddle === straddle, 'async-handler' in FLAGS);",
    ].join('\n'));
    expect(node(app, 'both.mjs')).toBe('function true true');
    expect(node(app, '-e', "console.log(Object.keys(require('@straddle/express')).includes('recordTraffic'))")).toBe('true');
  });

  for (const [module, resolution, file] of [['commonjs', 'node', 'app.ts'], ['node16', 'node16', 'app.mts'], ['node16', 'node16', 'app.cts'], ['esnext', 'bundler', 'app.ts']] as const) {
    it(`type-checks ${file} with module ${module}, moduleResolution ${resolution}`, async () => {
      const dir = path.join(app, `ts-${resolution}-${file.replace('.', '-')}`);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, file), [
        "import { straddle, FLAGS, type Mode } from '@straddle/express';",
        "const mode: Mode = 'warn';",
        "const app: { get(): void } = straddle({ get() {} }, { features: { 'async-handler': mode } });",
        'export const kinds = [app, FLAGS[\'async-handler\'].kind];',
      ].join('\n'));
      const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
      // a name the package does not export must fail, or the check proves nothing
      await writeFile(path.join(dir, `wrong-${file}`), "import { notExported } from '@straddle/express';\nexport const x = notExported;\n");
      // tsc prints its diagnostics on stdout: what it said, '' when the file type-checks
      const check = (name: string) => {
        try {
          return execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', module, '--moduleResolution', resolution, name], { cwd: dir, encoding: 'utf8' });
        } catch (error) {
          return (error as { stdout: string }).stdout || String(error);
        }
      };
      expect(check(file)).toBe('');
      await installCliLayout();
      await writeFile(path.join(dir, `cli-${file}`), "import { straddle } from 'straddle/express';\nexport const wrap: (app: { get(): void }) => { get(): void } = straddle;\n");
      expect(check(`cli-${file}`)).toBe('');
      expect(check(`wrong-${file}`)).toMatch(/has no exported member 'notExported'/);
    });
  }

  it('is found by jest 26, which resolves `main` and ignores `exports`', async () => {
    const jest = await ensureInstalled(defaultCacheDir(), 'jest', '26.6.3', { marker: false });
    await installCliLayout();
    await writeFile(path.join(app, 'shim.test.js'), [
      "const { straddle, expressMajor } = require('@straddle/express');",
      "test('loads', () => { expect(typeof straddle).toBe('function'); expect(typeof expressMajor).toBe('function'); });",
      "test('loads as straddle/express, the same module', () => expect(require('straddle/express').straddle).toBe(straddle));",
    ].join('\n'));
    const output = execFileSync(process.execPath, [path.join(jest.packageDir, 'bin/jest.js'), '--env=node', '--ci', '--json', '--rootDir', app, 'shim.test.js'], { cwd: app, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, CI: '1' } });
    expect(JSON.parse(output)).toMatchObject({ success: true, numPassedTests: 2, numFailedTests: 0 });
  }, 300_000);

  it('is what `straddle/express` of the CLI package gives, the same instance', async () => {
    await installCliLayout();
    await writeFile(path.join(app, 'cli.mjs'), [
      "import { createRequire } from 'node:module';",
      "import { straddle } from 'straddle/express';",
      'const require = createRequire(import.meta.url);',
      "console.log(straddle === require('@straddle/express').straddle, require('straddle/express').straddle === straddle);",
    ].join('\n'));
    expect(node(app, 'cli.mjs')).toBe('true true');
  });
});

describe('the vendored copy `upgrade` writes', () => {
  it('is the package file under a header, with the package types', async () => {
    const dist = shimPackageDist();
    const shim = await readFile(path.join(dist, 'index.js'), 'utf8');
    const vendored = vendorFiles()['index.js']!;
    expect(vendored.endsWith(shim)).toBe(true);
    expect(vendored.slice(0, -shim.length)).toMatch(/^\/\* eslint-disable \*\/\n(?:\/\/ .*\n)+$/);
    expect(vendorFiles()['index.d.ts']).toBe(await readFile(path.join(dist, 'index.d.ts'), 'utf8'));
  });
});
