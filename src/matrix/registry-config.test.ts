/**
 * The project's registry settings reaching the version cache: the .npmrc text gathered from the project's files,
 * and (against a registry on 127.0.0.1 started here) `npm view` and the cache's `npm install` asking it.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryNpmrc } from './registry-config.ts';
import { runMatrix } from './run-matrix.ts';
import type { MatrixReport } from './types.ts';
import { tempDir, writeTree } from './_test-support.ts';
import { fromYarnrcYml } from './yarn-registry.ts';

/** A project folder holding `files`, inside a git work tree of its own (so nothing above it is read). */
async function project(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('straddle-registry-');
  await mkdir(path.join(dir, '.git'));
  await writeTree(dir, files);
  return dir;
}

describe('registryNpmrc', () => {
  it("takes the registry, a scope's registry and a token from the project's .npmrc", async () => {
    const dir = await project({ '.npmrc': '; ours\nregistry=https://npm.example.com/\n@acme:registry = https://acme.example.com/npm/\n//npm.example.com/:_authToken=${NPM_TOKEN}\n' });
    expect(registryNpmrc(dir)).toBe('registry=https://npm.example.com/\n@acme:registry=https://acme.example.com/npm/\n//npm.example.com/:_authToken=${NPM_TOKEN}\n');
  });

  it('leaves out how the project installs: settings that would move or change the cache install', async () => {
    const dir = await project({ '.npmrc': 'prefix=/somewhere\nworkspaces=true\nlegacy-peer-deps=true\nregistry=https://npm.example.com/\n' });
    expect(registryNpmrc(dir)).toBe('registry=https://npm.example.com/\n');
  });

  it("translates .yarnrc.yml's registry, scopes and tokens to npm's keys", async () => {
    const dir = await project({
      '.yarnrc.yml': [
        'nodeLinker: node-modules',
        'npmRegistryServer: "https://yarn.example.com"',
        'npmAuthToken: top-secret  # a comment',
        'npmScopes:',
        '  acme:',
        "    npmRegistryServer: 'https://acme.example.com/npm'",
        '    npmAuthToken: "${ACME_TOKEN}"',
        '',
      ].join('\n'),
    });
    expect(registryNpmrc(dir)).toBe(
      'registry=https://yarn.example.com\n//yarn.example.com/:_authToken=top-secret\n@acme:registry=https://acme.example.com/npm\n//acme.example.com/npm/:_authToken=${ACME_TOKEN}\n',
    );
  });

  it('reads .yarnrc.yml in flow style too, and takes nothing from one that does not parse', async () => {
    const flow = await project({ '.yarnrc.yml': 'npmScopes: { acme: { npmRegistryServer: "https://acme.example.com" } }\n' });
    expect(registryNpmrc(flow)).toBe('@acme:registry=https://acme.example.com\n');
    const broken = await project({ '.yarnrc.yml': 'npmRegistryServer: [unclosed\n' });
    expect(registryNpmrc(broken)).toBe('');
  });

  it("gives a yarn token with no registry server to npm's default registry", () => {
    expect(fromYarnrcYml('npmAuthToken: abc\n')).toEqual([['//registry.npmjs.org/:_authToken', 'abc']]);
  });

  it("translates yarn 1's .yarnrc registry lines", async () => {
    const dir = await project({ '.yarnrc': '# yarn lockfile v1\nregistry "https://yarn1.example.com/"\n"@acme:registry" "https://acme.example.com/"\n' });
    expect(registryNpmrc(dir)).toBe('registry=https://yarn1.example.com/\n@acme:registry=https://acme.example.com/\n');
  });

  it("in one folder, yarn's own file wins over .npmrc", async () => {
    const dir = await project({ '.npmrc': 'registry=https://from-npmrc.example.com/\n', '.yarnrc.yml': 'npmRegistryServer: https://from-yarnrc.example.com\n' });
    expect(registryNpmrc(dir)).toBe('registry=https://from-yarnrc.example.com\n');
  });

  it("adds the workspace root's settings beneath the package's own, nearest first, none from above the git root", async () => {
    const above = await tempDir('straddle-registry-');
    await writeTree(above, {
      '.npmrc': '//above.example.com/:_authToken=not-this-project\n',
      'repo/.npmrc': 'registry=https://root.example.com/\n@acme:registry=https://acme.example.com/\n',
      'repo/packages/api/.npmrc': 'registry=https://api.example.com/\n',
    });
    await mkdir(path.join(above, 'repo', '.git'));
    expect(registryNpmrc(path.join(above, 'repo', 'packages', 'api'))).toBe('registry=https://api.example.com/\n@acme:registry=https://acme.example.com/\n');
  });
});

/** A registry on 127.0.0.1 serving one made-up package, logging every request it gets and its authorization. */
async function startRegistry(dir: string): Promise<{ server: Server; url: string; log: Array<{ url: string; authorization?: string }>; name: string }> {
  // a fresh name and content a run: neither npm's cache nor the version cache can answer for the server
  const name = `straddle-fixture-${randomUUID().slice(0, 8)}`;
  const pkg = path.join(dir, 'pkg');
  await writeTree(pkg, { 'package.json': JSON.stringify({ name, version: '1.0.0', description: randomUUID() }), 'index.js': 'module.exports = 1;\n' });
  const tarballName = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir, '--cache', path.join(dir, 'npm-cache')], { cwd: pkg, encoding: 'utf8' }).trim().split('\n').at(-1)!;
  const tarball = readFileSync(path.join(dir, tarballName));
  const log: Array<{ url: string; authorization?: string }> = [];
  const server = createServer((req, res) => {
    log.push({ url: req.url!, authorization: req.headers.authorization });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === `/${name}`) {
      const dist = { tarball: `${base}/${name}/-/${name}-1.0.0.tgz`, shasum: createHash('sha1').update(tarball).digest('hex'), integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}` };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ name, 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name, version: '1.0.0', dist } } }));
    } else if (req.url === `/${name}/-/${name}-1.0.0.tgz`) res.end(tarball);
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, log, name };
}

describe("the version cache and the project's registry", () => {
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  let report: MatrixReport;
  let work: string;
  let cacheDir: string;
  const TOKEN = `token-${randomUUID()}`;
  const saved = process.env.npm_config_registry;

  beforeAll(async () => {
    // the environment's registry would win over the project's, as it does in the project
    delete process.env.npm_config_registry;
    work = await mkdtemp(path.join(os.tmpdir(), 'straddle-registry-it-'));
    registry = await startRegistry(work);
    cacheDir = path.join(work, 'cache');
    // a yarn 2+ project: its registry and token only in .yarnrc.yml, which npm never reads
    const dir = path.join(work, 'project');
    await writeTree(dir, {
      'package.json': JSON.stringify({ name: 'uses-private', private: true }),
      '.yarnrc.yml': `npmRegistryServer: "${registry.url}"\nnpmAuthToken: "${TOKEN}"\n`,
    });
    await mkdir(path.join(dir, '.git'));
    report = await runMatrix({ cwd: dir, packageName: registry.name, versions: ['1'], cacheDir, command: ['node', '-e', `console.log('loaded', require('${registry.name}/package.json').version)`] });
  }, 120_000);

  afterAll(async () => {
    if (saved !== undefined) process.env.npm_config_registry = saved;
    await new Promise((resolve) => registry?.server.close(resolve));
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('lists the versions from it, installs from it with its token, and the run loads what it served', () => {
    expect(registry.log.filter((r) => r.url === `/${registry.name}`).length).toBeGreaterThanOrEqual(1);
    expect(registry.log.some((r) => r.url.endsWith('.tgz'))).toBe(true);
    expect(registry.log.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(report.results.map((r) => [r.resolved, r.source])).toEqual([['1.0.0', 'swapped']]);
    expect(report.results[0]!.output).toContain('loaded 1.0.0');
  });

  it('leaves no token in the version cache', () => {
    const prefix = path.join(cacheDir, 'packages', registry.name, '1.0.0');
    expect(existsSync(path.join(prefix, '.straddle-complete'))).toBe(true);
    expect(readdirSync(prefix)).not.toContain('.npmrc');
    expect(JSON.stringify(report)).not.toContain(TOKEN);
  });
});
