/**
 * @module realworld/project
 * The shell steps for one real project: rebuild it from its mirror (cached), copy it, run its own tests in place,
 * switch a copy to the framework's new major the way an app would (its own package manager, an override), and read what changed.
 */
import { execFileSync } from 'node:child_process';
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import { glob } from 'tinyglobby';
import { parseCounts } from '../../src/matrix/counts.ts';
import { runCapture } from '../../src/matrix/run-command.ts';
// test files counted apart the way straddle's own report counts them, so the two columns compare
import { TEST_FILE } from '../../src/upgrade/loop.ts';
import type { Outcome } from './_compare.ts';
import type { Project } from './_table.ts';

const TEST_TIMEOUT_MS = 15 * 60_000;
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock'];

/** The environment of every command: ours minus what `npm run` exported, so the project's npm is its own. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1', ...extra };
}

export async function sh(command: string, cwd: string, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${Math.round((options.timeoutMs ?? 0) / 1000)} s`)), options.timeoutMs ?? TEST_TIMEOUT_MS);
  try {
    return await runCapture(['sh', '-c', command], { cwd, env: options.env ?? cleanEnv(), signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

/** Yarn 2 and later (berry): not published as `yarn` on npm, and spelled differently on the command line. */
const isBerry = (project: Project) => /^yarn@([2-9]|\d\d)/.test(project.pm);

/** `npm`, or the pinned pnpm/yarn: through npx, or corepack for yarn berry (fetched from the npm registry). */
function pmCommand(project: Project): string {
  if (project.pm === 'npm') return 'npm';
  return isBerry(project) ? `COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_NPM_REGISTRY=https://registry.npmjs.org corepack ${project.pm}` : `npx --yes ${project.pm}`;
}

function defaultInstall(project: Project): string {
  if (project.before) return `npm install --no-audit --no-fund --before=${project.before}`;
  if (project.pm === 'npm') return 'npm ci --no-audit --no-fund';
  return `${pmCommand(project)} install ${isBerry(project) ? '--immutable' : '--frozen-lockfile'}`;
}

export const mirrorOf = (mirrors: string, project: Project) => path.join(mirrors, project.repo.replace('/', '+'), 'repo');

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

async function must(command: string, cwd: string, what: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const run = await sh(command, cwd, { env, timeoutMs: TEST_TIMEOUT_MS });
  if (run.exitCode !== 0) throw new Error(`${what} failed (exit ${run.exitCode}): ${run.output.trim().split('\n').slice(-15).join('\n')}`);
  return run.output;
}

const git = (cwd: string, args: string[]) =>
  execFileSync('git', ['-c', 'user.name=realworld', '-c', 'user.email=realworld@straddle.local', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });

/**
 * The project at its commit with its dependencies installed (Express 4 as its lockfile pins it), committed to a
 * fresh git repository so that changes can be read back. Built once per commit; `fresh` rebuilds.
 */
export async function buildProject(project: Project, mirrors: string, workDir: string, fresh: boolean): Promise<string> {
  const dir = path.join(workDir, `${project.name}@${project.commit.slice(0, 12)}`, 'build');
  const marker = path.join(dir, '..', 'built');
  if (!fresh && (await exists(marker))) return dir;
  const mirror = mirrorOf(mirrors, project);
  if (!(await exists(mirror))) throw new Error(`no mirror at ${mirror}: fetch github:${project.repo} first`);
  await rm(path.join(dir, '..'), { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  execFileSync('sh', ['-c', `git --git-dir="${mirror}" archive ${project.commit} | tar -x -C "${dir}"`]);
  await must(project.install ?? defaultInstall(project), dir, 'install');
  git(dir, ['init', '-q']);
  await writeFile(path.join(dir, '.git', 'info', 'exclude'), 'node_modules/\n');
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-qm', `${project.repo}@${project.commit}`, '--no-verify']);
  await writeFile(marker, `${new Date().toISOString()}\n`);
  return dir;
}

/** A throwaway copy of a built project (node_modules included, symlinks kept as they are). */
export async function copyProject(buildDir: string, dest: string): Promise<string> {
  await rm(dest, { recursive: true, force: true });
  // `cp -a`: fs.cp stalled for minutes on a 180 MB node_modules here, and is ten times slower when it does not
  await must(`cp -a ${JSON.stringify(buildDir)} ${JSON.stringify(dest)}`, path.dirname(dest), 'copy');
  return dest;
}

/** The project's own test command, run in place, once. */
export async function runTests(project: Project, dir: string, logFile: string): Promise<Outcome> {
  try {
    const run = await sh(project.test, dir, { timeoutMs: TEST_TIMEOUT_MS });
    await writeFile(logFile, run.output);
    return { exitCode: run.exitCode, counts: parseCounts(run.output), seconds: run.durationMs / 1000 };
  } catch (error) {
    return { exitCode: -1, counts: null, seconds: TEST_TIMEOUT_MS / 1000, problem: (error as Error).message };
  }
}

/** The project's own lint command: true when clean. */
export async function lintClean(project: Project, dir: string): Promise<boolean | undefined> {
  if (!project.lint) return undefined;
  return (await sh(project.lint, dir, { timeoutMs: TEST_TIMEOUT_MS })).exitCode === 0;
}

type Manifest = Record<string, Record<string, string> | undefined>;

/** The framework a proving ground moves across majors: its package, the new version, its separate types if any. */
export interface NewMajor {
  name: string;
  /** The major projects are on, e.g. 4. */
  old: number;
  /** The exact new release every declaring package moves to. */
  version: string;
  /** A separate types package (`@types/express`) and its new release; frameworks that ship their types have none. */
  types?: { name: string; version: string };
  /** The pack's companions for the new major (`Pack.companions`): each one a package declares outside its range moves to it. */
  companions?: Readonly<Record<string, string>>;
}

/**
 * Moves a copy to the framework's new major as an app owner would: every package.json that names it (and its types
 * package) asks for the new major, with the companions that major needs (plugins serving one major only) where it
 * declares them outside the range that serves it, an override in the package manager's own terms reaches transitive
 * copies of the framework, and the package manager installs: the project on the new major, as the matrix runs it.
 * Returns the version every declaring package now resolves.
 */
export async function switchToNewMajor(project: Project, dir: string, target: NewMajor): Promise<string> {
  const { name, version, types } = target;
  const major = semver.major(version);
  const files = await glob(['**/package.json'], { cwd: dir, ignore: ['**/node_modules/**'], absolute: true });
  const manifests = await Promise.all(files.map(async (file) => {
    const text = await readFile(file, 'utf8');
    // written back in the file's own indentation, as `npm pkg set` would: a format check must not notice
    return { file, pkg: JSON.parse(text) as Manifest, indent: /^([ \t]+)"/m.exec(text)?.[1] ?? '  ' };
  }));
  const fields = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];
  // a library that tests the framework only through aliases (express4: npm:express@^4) moves those aliases instead
  const direct = manifests.some(({ pkg }) => fields.some((field) => pkg[field]?.[name] && !pkg[field]![name]!.startsWith('npm:')));
  const isOldAlias = (spec: string) => spec.startsWith(`npm:${name}@`) && semver.validRange(spec.slice(name.length + 5)) !== null
    && semver.intersects(spec.slice(name.length + 5), `${target.old}.x`);
  const declaring: { dir: string; name: string }[] = [];
  let usesTypes = false;
  for (const { file, pkg, indent } of manifests) {
    let changed = false;
    for (const field of fields) {
      const deps = pkg[field];
      if (!deps) continue;
      if (deps[name] && direct) {
        deps[name] = field === 'peerDependencies' ? `${deps[name]} || ^${major}` : version;
        declaring.push({ dir: path.dirname(file), name });
        changed = true;
      }
      for (const [alias, spec] of Object.entries(deps)) {
        if (direct || field === 'peerDependencies' || !isOldAlias(spec)) continue;
        deps[alias] = `npm:${name}@${version}`;
        declaring.push({ dir: path.dirname(file), name: alias });
        changed = true;
      }
      if (types && deps[types.name] && field !== 'peerDependencies') {
        deps[types.name] = types.version;
        usesTypes = changed = true;
      }
      for (const [companion, range] of Object.entries(target.companions ?? {})) {
        const spec = deps[companion];
        if (!spec || field === 'peerDependencies' || (semver.validRange(spec) && semver.intersects(spec, range))) continue;
        deps[companion] = range;
        changed = true;
      }
    }
    if (changed) await writeFile(file, `${JSON.stringify(pkg, null, indent)}\n`);
  }
  const rootFile = path.join(dir, 'package.json');
  const rootText = await readFile(rootFile, 'utf8');
  const root = JSON.parse(rootText) as Manifest & { pnpm?: Manifest };
  const overrides = { ...(direct ? { [name]: version } : {}), ...(usesTypes && types ? { [types.name]: types.version } : {}) };
  if (project.pm.startsWith('pnpm')) root.pnpm = { ...root.pnpm, overrides: { ...root.pnpm?.overrides, ...overrides } };
  else if (project.pm.startsWith('yarn')) root.resolutions = { ...root.resolutions, ...overrides };
  else root.overrides = { ...root.overrides, ...overrides };
  await writeFile(rootFile, `${JSON.stringify(root, null, /^([ \t]+)"/m.exec(rootText)?.[1] ?? '  ')}\n`);

  const pm = pmCommand(project);
  if (project.pm === 'npm') {
    // a dependency whose peer range names the old major would stop npm: an app owner forcing the new one answers
    // with legacy peers
    const plain = await sh(`${pm} install --no-audit --no-fund`, dir);
    if (plain.exitCode !== 0) await must(`${pm} install --no-audit --no-fund --legacy-peer-deps`, dir, `install of ${name} ${major}`);
  } else {
    // berry installs immutably under CI unless told not to
    await must(`${pm} install ${isBerry(project) ? '--no-immutable' : '--no-frozen-lockfile'}`, dir, `install of ${name} ${major}`);
  }
  // packages outside the workspace (templates, examples) declare the framework but are not installed: not counted
  const resolve = (from: string, pkgName: string) => {
    try {
      return execFileSync(process.execPath, ['-p', `require(require.resolve('${pkgName}/package.json', { paths: [${JSON.stringify(from)}] })).version`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  const versions = new Set(declaring.map(({ dir: from, name: pkgName }) => resolve(from, pkgName)).filter((v) => v !== null));
  if (versions.size !== 1 || semver.major([...versions][0]!) !== major) throw new Error(`after the switch, ${name} resolves to ${[...versions].join(', ')}`);
  return [...versions][0]!;
}

/** What a run changed in a copy, against the build's commit: source and test files apart, lockfile lines. */
export function changesIn(dir: string): { sourceFiles: string[]; testFiles: string[]; lockLines: number } {
  const changed = git(dir, ['status', '--porcelain', '--untracked-files=all', '--no-renames'])
    .split('\n').filter(Boolean).map((line) => line.slice(3));
  const numstat = git(dir, ['diff', '--numstat', 'HEAD', '--', ...LOCKFILES]);
  const lockLines = numstat.split('\n').filter(Boolean)
    .reduce((sum, line) => sum + line.split('\t').slice(0, 2).reduce((s, n) => s + (Number(n) || 0), 0), 0);
  const files = changed.filter((file) => !LOCKFILES.includes(path.basename(file)));
  return { sourceFiles: files.filter((f) => !TEST_FILE.test(f)), testFiles: files.filter((f) => TEST_FILE.test(f)), lockLines };
}
