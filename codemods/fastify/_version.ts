/**
 * @module codemods/fastify/_version
 * The Fastify a file's project runs on the old major, for the rules whose dual form works only from a 4.x minor on
 * (`reply.elapsedTime` from 4.26, `request.routeOptions.config` from 4.23): the version installed where Node resolves
 * `fastify` from the file, else the lowest version the nearest package.json declaring fastify allows. A library
 * (fastify among its peerDependencies) promises every version its range allows, so there the range wins over what
 * is installed. Read from the project, never from where straddle runs; nothing found means unknown.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

export interface ProjectFastify {
  /** The version the old-major code may meet: the one installed, or the floor of the declared range. */
  version: string;
  source: 'installed' | 'declared';
  /** The declared range, when `version` is its floor. */
  range?: string;
}

const FIELDS = ['peerDependencies', 'dependencies', 'devDependencies', 'optionalDependencies'] as const;

/** The fastify of the project `fileName` belongs to (relative to `cwd`, or absolute), if its files say. */
export function projectFastify(cwd: string | undefined, fileName: string): ProjectFastify | undefined {
  const dir = path.resolve(cwd ?? '.', path.dirname(fileName));
  const declared = declaredRange(dir);
  if (declared?.peer) return floorOf(declared.range);
  const installed = installedVersion(dir);
  if (installed) return { version: installed, source: 'installed' };
  return declared && floorOf(declared.range);
}

/** Whether the project's fastify is `minimum` or later (a 5.x is, for every 4.x minimum). */
export function isAtLeast(project: ProjectFastify | undefined, minimum: string): boolean {
  return !!project && semver.gte(project.version, minimum);
}

/** The project's fastify in words, for a message: why a rule could not rely on a minor. */
export function describeProject(project: ProjectFastify | undefined): string {
  if (!project) return "the project's fastify version could not be read (no node_modules/fastify, no fastify in package.json)";
  if (project.source === 'installed') return `the project has fastify ${project.version} installed`;
  return `the project's package.json allows fastify ${project.version} ("${project.range}")`;
}

// --- internal ---

function* ancestors(dir: string): Generator<string> {
  for (let current = dir; ; current = path.dirname(current)) {
    yield current;
    if (path.dirname(current) === current) return;
  }
}

/**
 * Manifests read, by path, each kept while its inode, size and mtime stay: every file of a project asks for the same
 * few (reading and parsing them again was 6% of a dense bench run), and a rewrite of one is read anew.
 */
const manifests = new Map<string, { stamp: string; value: Record<string, unknown> | undefined }>();

function readJson(file: string): Record<string, unknown> | undefined {
  // a missing file is the usual answer on the way up: no exception for it
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) return undefined;
  const stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  const kept = manifests.get(file);
  if (kept?.stamp === stamp) return kept.value;
  let value: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    value = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    value = undefined;
  }
  manifests.set(file, { stamp, value });
  return value;
}

/** What Node would load: `node_modules/fastify` in the nearest folder that has one. */
function installedVersion(dir: string): string | undefined {
  for (const folder of ancestors(dir)) {
    const file = path.join(folder, 'node_modules', 'fastify', 'package.json');
    if (!existsSync(file)) continue;
    const version = readJson(file)?.version;
    return typeof version === 'string' && semver.valid(version) ? version : undefined;
  }
  return undefined;
}

/** The range of the nearest package.json that names fastify, and whether it is a peer dependency there. */
function declaredRange(dir: string): { range: string; peer: boolean } | undefined {
  for (const folder of ancestors(dir)) {
    const manifest = readJson(path.join(folder, 'package.json'));
    if (!manifest) continue;
    for (const field of FIELDS) {
      const range = (manifest[field] as Record<string, unknown> | undefined)?.fastify;
      if (typeof range === 'string') return { range: range.replace(/^npm:fastify@/, ''), peer: field === 'peerDependencies' };
    }
  }
  return undefined;
}

/** Floors by range: semver parses a range slowly, and a project's files all give the same one. */
const floors = new Map<string, ProjectFastify | undefined>();

function floorOf(range: string): ProjectFastify | undefined {
  if (!floors.has(range)) floors.set(range, readFloor(range));
  const floor = floors.get(range);
  return floor && { ...floor };
}

function readFloor(range: string): ProjectFastify | undefined {
  try {
    const floor = semver.validRange(range) ? semver.minVersion(range) : null;
    return floor ? { version: floor.version, source: 'declared', range } : undefined;
  } catch {
    return undefined;
  }
}
