/**
 * `npx tsx bench/realworld/screen.ts candidates [--list npm-high-impact@1.13.0] [--limit N]`
 * `npx tsx bench/realworld/screen.ts check <owner/name…>`
 * `npx tsx bench/realworld/screen.ts fastify-candidates | fastify-apps <npm.tsv> | fastify-check <candidates.tsv>`
 *
 * The mechanical part of SELECTION.md's round 3. `candidates` walks the list in its order and prints, one a line,
 * each GitHub repository whose package's `latest` manifest on the registry declares an Express range admitting a
 * 4.x and no 5.x (the first package of a repository stands for it). `check` judges conditions 1–3 on the root
 * package.json at the head of each repository's mirror (`fetch` brings it; condition 0) and prints one
 * tab-separated line a repository: repo, head commit, the first condition failed or `screened`, and detail.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import semver from 'semver';

const REGISTRY = 'https://registry.npmjs.org';
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies'] as const;
// condition 3: clients of a service a test would need (SELECTION.md); sequelize/knex only count without sqlite
const SERVICES = ['mongoose', 'mongodb', 'pg', 'mysql', 'mysql2', 'redis', 'ioredis', 'amqplib', 'kafkajs', 'prisma', '@prisma/client', 'typeorm', 'aws-sdk', 'firebase-admin', 'puppeteer', 'playwright', 'selenium-webdriver', 'cypress'];
const SQL_BUILDERS = ['sequelize', 'knex'];
const SQLITE = ['sqlite3', 'better-sqlite3', 'sqlite'];

type Manifest = Partial<Record<(typeof DEPENDENCY_FIELDS)[number], Record<string, string>>> & {
  repository?: string | { url?: string };
  scripts?: Record<string, string>;
};

/** The range a manifest declares for a package, and whether it admits the old major and not the next one. */
export function majorRange(manifest: Manifest, name: string, old: number): { range?: string; onlyOld: boolean } {
  for (const field of DEPENDENCY_FIELDS) {
    const range = manifest[field]?.[name];
    if (range === undefined) continue;
    const valid = semver.validRange(range);
    const admits = (major: number) => valid !== null && semver.intersects(valid, `${major}.x`);
    return { range, onlyOld: admits(old) && !admits(old + 1) };
  }
  return { onlyOld: false };
}

/** The Express range a manifest declares, and whether it is Express 4 only (condition 1). */
export function expressRange(manifest: Manifest): { range?: string; express4: boolean } {
  const { range, onlyOld } = majorRange(manifest, 'express', 4);
  return { range, express4: onlyOld };
}

type Packument = { versions?: Record<string, Manifest & { gitHead?: string }> };

/** Round 2 (fastify/SELECTION.md): a version that runs Fastify itself, 4.x only, and is not a plugin. */
export function runsFastify4(manifest: Manifest): boolean {
  const range = manifest.dependencies?.fastify;
  if (range === undefined || manifest.peerDependencies?.fastify !== undefined || manifest.dependencies?.['fastify-plugin'] !== undefined) return false;
  return majorRange({ dependencies: { fastify: range } }, 'fastify', 4).onlyOld;
}

/**
 * Fastify's round 1 (fastify/SELECTION.md): a package is a candidate when one of its versions declares a Fastify
 * range admitting 4.x and no 5.x; its pin is the newest such version with a `gitHead` (condition 0: `pin`).
 */
export function fastifyPin(
  packument: Packument,
  qualifies: (manifest: Manifest) => boolean = (manifest) => majorRange(manifest, 'fastify', 4).onlyOld,
): { candidate: boolean; version?: string; commit?: string; range?: string; repository?: Manifest['repository'] } {
  const versions = Object.entries(packument.versions ?? {}).filter(([version, manifest]) => semver.valid(version) && qualifies(manifest));
  if (!versions.length) return { candidate: false };
  versions.sort(([a], [b]) => semver.rcompare(a, b));
  // without any gitHead, the newest qualifying release, whose commit its tag names (the amendment of 03:35)
  const [version, manifest] = versions.find(([, m]) => /^[0-9a-f]{40}$/.test(m.gitHead ?? '')) ?? versions[0]!;
  return { candidate: true, version, commit: manifest.gitHead, range: majorRange(manifest, 'fastify', 4).range, repository: manifest.repository };
}

/** `owner/name` of a GitHub repository field, in any of the shapes npm accepts. */
export function githubRepo(repository: Manifest['repository']): string | undefined {
  const url = typeof repository === 'string' ? repository : repository?.url;
  // `github.com/owner/name(.git)` in any URL scheme, or npm's `owner/name` / `github:owner/name` shorthand
  const match = url?.match(/github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:[#/].*)?$/) ?? url?.match(/^(?:github:)?([\w.-]+)\/([\w.-]+)$/);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/** Conditions 2 and 3 on a root package.json; the first one failed, or undefined. */
export function screenScripts(manifest: Manifest): string | undefined {
  const test = manifest.scripts?.test;
  if (!test || /no test specified/.test(test)) return 'tests';
  const all = new Set(DEPENDENCY_FIELDS.flatMap((field) => Object.keys(manifest[field] ?? {})));
  const sqlite = SQLITE.some((name) => all.has(name));
  const service = SERVICES.find((name) => all.has(name)) ?? (sqlite ? undefined : SQL_BUILDERS.find((name) => all.has(name)));
  return service ? `no-service (${service})` : undefined;
}

async function latest(name: string): Promise<Manifest | undefined> {
  const response = await fetch(`${REGISTRY}/${name.replace('/', '%2F')}/latest`);
  return response.ok ? ((await response.json()) as Manifest) : undefined;
}

async function listNames(list: string, limit: number): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'straddle-screen-'));
  execFileSync('npm', ['pack', list, '--silent'], { cwd: dir });
  execFileSync('sh', ['-c', 'tar xzf *.tgz'], { cwd: dir });
  const { npmHighImpact } = (await import(path.join(dir, 'package/lib/index.js'))) as { npmHighImpact: string[] };
  return npmHighImpact.slice(0, limit);
}

/** Each name's answer, in the list's order, from 16 requests in flight (the registry answers fast). */
async function inOrder<T>(names: string[], ask: (name: string) => Promise<T>): Promise<(T | undefined)[]> {
  const answers: (T | undefined)[] = new Array(names.length);
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < names.length) {
      const index = next++;
      answers[index] = await ask(names[index]!).catch(() => undefined);
    }
  }));
  return answers;
}

/**
 * Round 2's source: a registry snapshot (`name\tversion\tdownloads_a_month\tsummary` lines), the packages whose name
 * or summary holds `word`, by monthly downloads, most first.
 */
export function snapshotNames(tsv: string, word: string, limit: number): string[] {
  const needle = word.toLowerCase();
  return tsv.split('\n').slice(1).map((line) => line.split('\t'))
    .filter(([name, , , summary]) => name && `${name} ${summary ?? ''}`.toLowerCase().includes(needle))
    .sort((a, b) => Number(b[2]) - Number(a[2]))
    .slice(0, limit)
    .map(([name]) => name!);
}

async function fastifyCandidates(names: string[], known: Set<string>, qualifies?: (manifest: Manifest) => boolean) {
  const seen = new Set(known);
  // every version's manifest is needed (devDependencies and gitHead are not in the abbreviated documents); only
  // the verdict of each is kept, so the 2 GB of documents never sit in memory together
  const pins = await inOrder(names, async (name) => {
    const response = await fetch(`${REGISTRY}/${name.replace('/', '%2F')}`);
    return response.ok ? fastifyPin((await response.json()) as Packument, qualifies) : undefined;
  });
  names.forEach((name, index) => {
    const pin = pins[index];
    const repo = pin?.candidate ? githubRepo(pin.repository) : undefined;
    if (!repo || seen.has(repo.toLowerCase())) return;
    seen.add(repo.toLowerCase());
    // a release without gitHead is pinned by its tag in the mirror (`check`)
    console.log(`${repo}\t${name}\t${pin!.version}\t${pin!.commit ?? 'tag'}\t${pin!.range}`);
  });
}

async function candidates(list: string, limit: number, known: Set<string>) {
  const names = await listNames(list, limit);
  const seen = new Set(known);
  const manifests = await inOrder(names, latest);
  names.forEach((name, index) => {
    const manifest = manifests[index];
    if (!manifest || !expressRange(manifest).express4) return;
    const repo = githubRepo(manifest.repository);
    if (!repo || seen.has(repo.toLowerCase())) return;
    seen.add(repo.toLowerCase());
    console.log(`${repo}\t${name}\t${expressRange(manifest).range}`);
  });
}

/** The mirror's git directory: a bare repository, or (for some snapshots) a checkout holding one in .git. */
function gitDir(mirrors: string, repo: string): string {
  const bare = path.join(mirrors, repo.replace('/', '+'), 'repo');
  return existsSync(path.join(bare, '.git')) ? path.join(bare, '.git') : bare;
}

const gitIn = (git: string, args: string[]) => execFileSync('git', ['--git-dir', git, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

/**
 * Conditions 1–3 of Fastify's round 1 on `fastify-candidates` lines: the pinned commit (its gitHead, or its release
 * tag), held by the mirror, and the root package.json there. One tab-separated line a candidate, as `check` prints.
 */
function checkPinned(lines: string[], mirrors: string) {
  for (const line of lines) {
    const [repo, name, version, pinned] = line.split('\t') as [string, string, string, string];
    const git = gitDir(mirrors, repo);
    const tags = [`v${version}`, version, `${name}@${version}`];
    const commit = !existsSync(git) ? undefined : pinned !== 'tag' ? pinned : tags.map((tag) => {
      try {
        return gitIn(git, ['rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`]);
      } catch {
        return '';
      }
    }).find(Boolean);
    if (!existsSync(git)) console.log(`${repo}\t-\tmirror\tfetch did not bring it`);
    else if (!commit) console.log(`${repo}\t-\tpin\tno tag ${tags.join(', ')}`);
    else {
      let manifest: Manifest | undefined;
      try {
        manifest = JSON.parse(gitIn(git, ['show', `${commit}:package.json`]));
      } catch {
        console.log(`${repo}\t${commit}\tmirror\tthe mirror lacks ${commit} or its package.json`);
        continue;
      }
      const failed = screenScripts(manifest!);
      console.log(`${repo}\t${commit}\t${failed ?? 'screened'}\t${name}@${version}${failed ? '' : `\t${manifest!.scripts!.test}`}`);
    }
  }
}

function check(repos: string[], mirrors: string) {
  for (const repo of repos) {
    const git = gitDir(mirrors, repo);
    if (!existsSync(git)) {
      console.log(`${repo}\t-\tmirror\tfetch did not bring it`);
      continue;
    }
    const head = execFileSync('git', ['--git-dir', git, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    let manifest: Manifest;
    try {
      manifest = JSON.parse(execFileSync('git', ['--git-dir', git, 'show', 'HEAD:package.json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    } catch {
      console.log(`${repo}\t${head}\texpress-4\tno root package.json`);
      continue;
    }
    const { range, express4 } = expressRange(manifest);
    const failed = express4 ? screenScripts(manifest) : 'express-4';
    console.log(`${repo}\t${head}\t${failed ?? 'screened'}\t${range ?? 'no express'}${failed ? '' : `\t${manifest.scripts!.test}`}`);
  }
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { list: { type: 'string', default: 'npm-high-impact@1.13.0' }, limit: { type: 'string', default: '100000' } },
  });
  const [command, ...rest] = positionals;
  const mirrors = process.env.STRADDLE_MIRRORS ?? path.join(import.meta.dirname, '../../.bench/mirrors');
  const projects = JSON.parse(readFileSync(path.join(import.meta.dirname, 'projects.json'), 'utf8')) as { repo: string }[];
  if (command === 'candidates') await candidates(values.list!, Number(values.limit), new Set(projects.map((p) => p.repo.toLowerCase())));
  else if (command === 'fastify-check') checkPinned(readFileSync(rest[0]!, 'utf8').split('\n').filter(Boolean), mirrors);
  else if (command === 'fastify-candidates') await fastifyCandidates(await listNames(values.list!, Number(values.limit)), new Set());
  else if (command === 'fastify-apps') {
    // round 2: the registry snapshot named; repositories already in either ground are not candidates again
    const grounds = ['projects.json', 'fastify/projects.json'].flatMap((file) => JSON.parse(readFileSync(path.join(import.meta.dirname, file), 'utf8')) as { repo: string }[]);
    await fastifyCandidates(snapshotNames(readFileSync(rest[0]!, 'utf8'), 'fastify', 250), new Set(grounds.map((p) => p.repo.toLowerCase())), runsFastify4);
  }
  else if (command === 'check') check(rest, mirrors);
  else throw new Error('Usage: screen.ts candidates | check <owner/name…>');
}
