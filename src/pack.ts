/**
 * @module pack
 * A pack is everything straddle knows about one framework upgrade: its versions, its rules, its per-file analysis,
 * its project-file checks and its shim. The engine knows nothing about any framework; it only runs packs.
 */
import type ts from 'typescript';
import { StraddleError } from './errors.ts';
import type { Rule, RuleKind, RuleOptions, Target } from './rule.ts';

export interface PackVersions {
  /** The major being left, e.g. '4'. */
  old: string;
  /** The major being adopted, e.g. '5'. */
  new: string;
}

export interface Pack<Facts = unknown> {
  /** The pack's name, as reports show it (users load it by this name when it is built in). */
  id: string;
  /** Human title, e.g. 'Widgetkit 1 → 2'. */
  title: string;
  /** The framework's name in sentences (reports, commit messages); default: `packageName`. */
  framework?: string;
  /** The npm package whose major is being swapped. */
  packageName: string;
  versions: PackVersions;
  /** The types package to type-check against each major, if any. */
  typesPackage?: string;
  /**
   * The package whose declarations the typed pass needs the project to resolve; default `typesPackage`. For a
   * framework that ships its own types this is `packageName`, set here rather than as `typesPackage`: the version
   * matrix swaps a `typesPackage` in beside the framework, which would swap the framework a second time.
   */
  declarationsPackage?: string;
  /**
   * For a major, the packages that must move with it (plugins that serve one major only, so that no version of them
   * serves both) and the range of each that serves it. Where the project has one installed outside that range, the
   * version matrix runs that major with the newest version in the range, and a library's CI matrix installs it
   * beside that major: what the project needs on it, which its lockfile cannot hold for both majors at once.
   */
  companions?(major: number): Readonly<Record<string, string>>;
  /** The runtime shim, and how to wire it into (and out of) a project's source. */
  shim?: PackShim;
  /** Where the pack's rule pages live: `docsUrl(ruleId)`. */
  docsUrl(ruleId: string): string;
  /** Where row `row` of the pack's breaking-change table (the rows rules cite as "row N") is documented. */
  rowUrl?(row: number): string;
  rules: readonly Rule<string, Facts>[];
  /**
   * A file must match this for any rule of the pack to apply (checked before the rules' own word lists): files
   * that never mention the framework's objects are not even scanned for rule words.
   */
  prefilter?: RegExp;
  projectRules?: readonly ProjectRule[];
  /**
   * Per-file analysis shared by every rule (computed lazily, once, only for files that pass a prefilter). In the
   * typed pass `checker` is the project's type checker and `sourceFile` belongs to its program.
   */
  analyze(sourceFile: ts.SourceFile, options: RuleOptions, checker?: ts.TypeChecker): Facts;
  /**
   * The rule whose change explains one difference `replay` saw between the old and the new major's answers to the
   * same request, and how; undefined when none does.
   */
  explainReplay?(difference: ReplayDifference, exchange: ReplayExchange): { ruleId: string; why: string } | undefined;
  /**
   * The routes a file registers with a literal path, and where the functions that answer them are: replay ties a
   * difference no answer's signature explains to the rules with sites in the handlers of the routes its request
   * matched.
   */
  routes?(sourceFile: ts.SourceFile, facts: Facts): PackRoute[];
}

/** One route a file registers (see `Pack.routes`). */
export interface PackRoute {
  /** Upper case; '*' for every method. */
  method: string;
  /** As written, for reports: `GET /api/tenant`. */
  label: string;
  /** Whether a request to this path (no query) may reach it; a router's route matches wherever it could be mounted. */
  matches(pathname: string): boolean;
  /** The functions that answer it, as offsets into the file. */
  handlers: Array<{ start: number; end: number }>;
}

/** One place where two answers to the same request differ (see src/replay/compare.ts). */
export interface ReplayDifference {
  /** `status`, `header <name>`, `body <JSON path>`, `body line <n>` or `body`. */
  where: string;
  old: string;
  new: string;
}

/** A recorded request and the old and the new major's answers to it. */
export interface ReplayExchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  old: { status: number; headers: Record<string, string>; body: string };
  new: { status: number; headers: Record<string, string>; body: string };
}

export interface PackShim {
  /** The package subpath apps that install straddle themselves import the shim from, e.g. 'straddle/<pack id>'. */
  module: string;
  /**
   * The shim's own dependency-free npm package, which apps and libraries depend on instead of the CLI; `finish`
   * drops it from package.json with the wiring.
   */
  package?: string;
  /**
   * The folder the upgrade loop writes next to the project's package.json instead of installing anything: the shim
   * as one dependency-free file with its types, resolvable by any runner or TypeScript resolution, removed by finish.
   */
  vendorDir: string;
  /** The vendored folder's files by name (e.g. index.js, index.d.ts, package.json). */
  vendorFiles(): Record<string, string>;
  /**
   * Dependency-free helper files by name (e.g. `straddle-list-routes.cjs`), each with its content (read when written),
   * that rules' fixes import as `./<name>` from the file they rewrite: a fix run writes each next to the files
   * importing it (engine/helpers.ts).
   */
  helpers?: Readonly<Record<string, () => string>>;
  /**
   * The file with the shim wired in at app creation, turning `features` on, imported from `specifier`; undefined
   * when nothing changes.
   */
  wire(fileName: string, text: string, features: readonly string[], specifier: string): string | undefined;
  /** The file with the shim wiring removed; undefined when it had none. */
  unwire(fileName: string, text: string): string | undefined;
  /** Words a file must contain to be worth wiring (a prefilter, as rules have). */
  prefilter: readonly string[];
  /** The shim's feature ids; each is also the id of the rule it stands in for. */
  features: readonly string[];
}

export type { ShimReportLine } from '../shims/report-line.ts';

/** A check of a project file (package.json), where source-file rules cannot see. */
export interface ProjectRule {
  id: string;
  meta: {
    description: string;
    rows: number[];
    kind: RuleKind;
    messages: Record<string, string>;
    /** Error-message patterns a failing test shows when this dependency problem bites (see RuleMeta). */
    signatures?: readonly RegExp[];
  };
  check(context: ProjectContext): void;
}

export interface PackageJson {
  [key: string]: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  engines?: Record<string, string>;
  scripts?: Record<string, string>;
}

export interface ProjectContext {
  readonly fileName: string;
  readonly packageJson: PackageJson;
  readonly options: RuleOptions;
  /** `fix` mutates `packageJson`; the engine serialises it back with the file's own indentation. */
  report(descriptor: {
    messageId: string;
    data?: Record<string, string | number>;
    /** A JSON path for the report line, e.g. 'engines.node'. */
    at: string;
    fix?: (packageJson: PackageJson) => void;
    /**
     * A toolchain fix (e.g. a test runner's major): applied only when failing tests prove it is needed (the upgrade
     * loop asks for it with `toolchain`), as its own iteration, followed by an install.
     */
    toolchain?: boolean;
    /**
     * A fix that states support the tests have just proven (a library's peer range): applied only by the upgrade
     * loop, once the project passes on both majors (it asks for it with `onceGreen`).
     */
    onceGreen?: boolean;
    /**
     * Meant to stay while both majors are supported (a types package of the old major, which `finish` moves): shown
     * as a note, never fails `scan --fail-on` (see RuleMeta's notes).
     */
    note?: boolean;
  }): void;
}

/** Identity helper for type inference. */
export function definePack<Facts>(pack: Pack<Facts>): Pack<Facts> {
  return pack;
}

/**
 * What `--target` asks of a pack: `both` (the default) or the new major, by the word `new` or by its number
 * (`--target 5` for a pack whose new major is '5'). Option readers hand numbers over as they came.
 */
export function targetOf(pack: Pack<any>, value: string | number | undefined): Target {
  if (value === undefined || value === 'both') return 'both';
  if (value === 'new' || String(value) === pack.versions.new) return 'new';
  throw new StraddleError(`--target takes both, ${pack.versions.new} or new, not "${value}".`, 'E_BAD_OPTION');
}
