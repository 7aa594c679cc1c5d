/**
 * @module realworld/table
 * The proving ground's table: one row per real project, naming only where it comes from (repository and exact
 * commit), how it installs and tests, and what it is. No third-party file is ever committed; the runner rebuilds
 * each project from a local mirror.
 */

export type Kind = 'target' | 'control';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface Project {
  /** Short unique name, used on the command line and in the table. */
  name: string;
  /** owner/name on GitHub; the mirror is `<mirrors>/<owner>+<name>/repo`. */
  repo: string;
  /** 40 hex digits. */
  commit: string;
  /** A later upstream commit that added Express 5 support: the human answer to compare with. */
  human?: string;
  /** `npm`, or `pnpm@<version>` / `yarn@<version>`, run through npx. */
  pm: string;
  /** Set only where upstream has no lockfile: `npm install --before=<before>` generates one, reproducibly. */
  before?: string;
  /** The install command, run in the project's root (default: the package manager's frozen install). */
  install?: string;
  /** The project's own test command, run through `sh -c` in the project's root. */
  test: string;
  /** The project's own linter or formatter check, if it has one. */
  lint?: string;
  kind: Kind;
  traits: string[];
  /** What its own suite gave when the row was written, as a sanity check for the rebuilt copy. */
  expected?: { express4: Counts; express5: Counts };
  notes?: string;
}

const KINDS: readonly Kind[] = ['target', 'control'];
const TRAITS = new Set(['library', 'app', 'typescript', 'workspaces', 'pnpm', 'yarn', 'fixed-port', 'view-engine', 'internals', 'generated-lockfile']);

/** Parses and checks the table; throws one error listing every problem, so a bad row never half-runs. */
export function parseTable(text: string): Project[] {
  const rows = JSON.parse(text) as unknown;
  if (!Array.isArray(rows)) throw new Error('The proving-ground table must be a JSON array of projects.');
  const problems: string[] = [];
  const names = new Set<string>();
  rows.forEach((row: Partial<Project>, index) => {
    const at = `row ${index + 1}${row?.name ? ` (${row.name})` : ''}`;
    for (const field of ['name', 'repo', 'commit', 'pm', 'test', 'kind'] as const) {
      if (typeof row?.[field] !== 'string' || !row[field]) problems.push(`${at}: '${field}' is required`);
    }
    if (row.name && names.has(row.name)) problems.push(`${at}: duplicate name`);
    if (row.name) names.add(row.name);
    if (row.repo && !/^[\w.-]+\/[\w.-]+$/.test(row.repo)) problems.push(`${at}: repo must be owner/name`);
    for (const field of ['commit', 'human'] as const) {
      if (row[field] !== undefined && !/^[0-9a-f]{40}$/.test(row[field]!)) problems.push(`${at}: '${field}' must be 40 hex digits`);
    }
    if (row.pm && !/^(npm|(pnpm|yarn)@\d[\w.-]*)$/.test(row.pm)) problems.push(`${at}: pm must be npm, pnpm@<version> or yarn@<version>`);
    if (row.before !== undefined && Number.isNaN(Date.parse(row.before))) problems.push(`${at}: 'before' must be a date`);
    if (row.kind && !KINDS.includes(row.kind)) problems.push(`${at}: kind must be target or control`);
    if (!Array.isArray(row.traits)) problems.push(`${at}: 'traits' must be a list`);
    else for (const trait of row.traits) if (!TRAITS.has(trait)) problems.push(`${at}: unknown trait '${trait}'`);
  });
  if (problems.length) throw new Error(`The proving-ground table has problems:\n  ${problems.join('\n  ')}`);
  return rows as Project[];
}

export interface Selection {
  names?: string[];
  kind?: string;
  /** `k/n`: the k-th of n shards (1-based), every n-th row of what the names and kind selected, so shards stay apart. */
  shard?: string;
}

/**
 * The rows named on the command line (every row when none is named), of one kind if asked, then one shard of them,
 * in table order. Unknown names, kinds or a malformed shard throw.
 */
export function selectProjects(table: Project[], { names = [], kind, shard }: Selection): Project[] {
  const unknown = names.filter((name) => !table.some((project) => project.name === name));
  if (unknown.length) throw new Error(`No project named ${unknown.join(', ')}. Known: ${table.map((p) => p.name).join(', ')}.`);
  if (kind !== undefined && !KINDS.includes(kind as Kind)) throw new Error(`--kind must be ${KINDS.join(' or ')}, not '${kind}'.`);
  const [k, n] = shard === undefined ? [1, 1] : (/^(\d+)\/(\d+)$/.exec(shard)?.slice(1).map(Number) ?? [0, 0]);
  if (!(n! >= 1 && k! >= 1 && k! <= n!)) throw new Error(`--shard must be k/n with 1 ≤ k ≤ n, not '${shard}'.`);
  return table
    .filter((project) => (!names.length || names.includes(project.name)) && (!kind || project.kind === kind))
    .filter((_, index) => index % n! === k! - 1);
}

/** What the set must contain for its verdict to mean anything (issue 9's list); returns what is missing. */
export function missingCoverage(table: Project[]): string[] {
  const count = (test: (p: Project) => boolean) => table.filter(test).length;
  const has = (trait: string) => count((p) => p.traits.includes(trait));
  const needs: [string, boolean][] = [
    ['at least 10 projects', table.length >= 10],
    ['at least 4 targets', count((p) => p.kind === 'target') >= 4],
    ['at least 3 controls', count((p) => p.kind === 'control') >= 3],
    ['at least 2 TypeScript projects', has('typescript') >= 2],
    ['a workspaces monorepo', has('workspaces') >= 1],
    ['a project on pnpm or yarn', has('pnpm') + has('yarn') >= 1],
    ['a suite that listens on a fixed port', has('fixed-port') >= 1],
    ['an app using a view engine', has('view-engine') >= 1],
    ['a library that reads or patches Express internals', has('internals') >= 1],
  ];
  return needs.filter(([, ok]) => !ok).map(([what]) => what);
}
