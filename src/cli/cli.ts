/**
 * @module cli/cli
 * Every command and option, with its description, in one place. Actions normalise their options and lazy-import
 * their implementation, so start-up loads no command code.
 */
import { defineCommand, type ArgsDef, type ParsedArgs } from 'citty';
import { statSync } from 'node:fs';
import type { ScanOptions } from './commands/scan.ts';
import { parseTestCommand } from './test-command.ts';
import { parseShard } from '../engine/shard.ts';
import { createStatus } from './_progress.ts';
import { EXIT, ExitError, StraddleError } from '../errors.ts';
import type { RunReport } from '../engine/run.ts';
import { FAIL_ON, reportFails, type FailOn } from '../reporters/fail-on.ts';
import { FORMATS, REPLAY_FORMATS, REPORT_FORMATS, type Format } from '../reporters/formats.ts';

const outputArgs = {
  format: { type: 'string', description: 'Output: pretty (default) or json', valueHint: REPORT_FORMATS.join('|') },
  json: { type: 'boolean', description: 'Same as --format json (a machine-readable report instead of the summary)' },
} as const satisfies ArgsDef;

const packArgs = {
  pack: { type: 'positional', description: 'The upgrade pack: a built-in name, a file (./my-pack.js) or an installed package', required: true },
  dir: { type: 'positional', description: 'The project directory', default: '.', required: false },
  ...outputArgs,
} as const satisfies ArgsDef;

/** scan and fix print findings, which also have the CI formats. */
const findingsArgs = {
  ...packArgs,
  format: {
    type: 'string',
    description: 'Output: pretty (default), json, sarif (SARIF 2.1.0 for code scanning) or github (GitHub Actions annotations)',
    valueHint: FORMATS.join('|'),
  },
} as const satisfies ArgsDef;

const selectionArgs = {
  only: { type: 'string', description: 'Run only these rule ids (comma-separated or repeated)' },
  skip: { type: 'string', description: 'Skip these rule ids (comma-separated or repeated)' },
  'assume-handlers': {
    type: 'boolean',
    description: "Also rewrite sites whose only evidence is a parameter name, e.g. a handler's usual parameters in a file that never registers the handler",
  },
  jobs: { type: 'string', description: 'Threads, the main one included (default: every core on large runs; 1 = main thread only)' },
  types: {
    type: 'boolean',
    default: true,
    description: 'Let the type checker settle what the fast pass could not (only for those files); --no-types skips it',
  },
  'include-minified': { type: 'boolean', description: 'Scan *.min.js files too (left out, and listed, by default)' },
  shard: {
    type: 'string',
    description: 'Only part k of n of the files (whole workspace packages first), for a CI job matrix; `straddle merge` joins the JSON reports',
    valueHint: 'k/n',
  },
} as const satisfies ArgsDef;

const writeArgs = {
  force: { type: 'boolean', description: 'Write even when the git tree has uncommitted changes' },
} as const satisfies ArgsDef;

/**
 * Every value of a list option, repeated (`--only a --only b`) or comma-separated (`--only a,b`), read from the raw
 * arguments because citty keeps only the last of a repeated option. No number casting (changesets' rule).
 */
export function listOption(rawArgs: readonly string[], name: string): string[] | undefined {
  const values: string[] = [];
  let given = false;
  rawArgs.forEach((arg, i) => {
    if (arg === `--${name}`) {
      given = true;
      if (rawArgs[i + 1] !== undefined) values.push(rawArgs[i + 1]!);
    } else if (arg.startsWith(`--${name}=`)) {
      given = true;
      values.push(arg.slice(name.length + 3));
    }
  });
  const list = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  // `--only ''` must not quietly mean "every rule"
  if (given && !list.length) throw new StraddleError(`--${name} needs at least one value, e.g. --${name} a,b.`, 'E_EMPTY_OPTION');
  return list.length ? list : undefined;
}

/** The value of an option that takes one of a few words; an unknown one stops the run (exit 2) with the list. */
export function choiceOption<const T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new StraddleError(`--${name} takes ${allowed.join(', ')}, not "${String(value)}".`, 'E_BAD_VALUE');
  }
  return value as T;
}

/** The output format: `--format`, or `--json`, its alias (scripts and docs use it); pretty by default. */
export function formatOption<const F extends Format | 'html'>(args: { format?: string; json?: boolean }, allowed: readonly F[]): F {
  if (args.json && args.format !== undefined && args.format !== 'json') {
    throw new StraddleError(`--json means --format json, not --format ${args.format}. Pass one of them.`, 'E_BAD_VALUE');
  }
  return choiceOption('format', args.format, allowed) ?? ((args.json ? 'json' : 'pretty') as F);
}

/** The project directory of a command: it must exist and be a directory, or a typo would pass CI as "0 files". */
export function projectDir(dir: string): string {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat) throw new StraddleError(`${dir} does not exist. Pass the project's directory.`, 'E_NO_DIR');
  if (!stat.isDirectory()) throw new StraddleError(`${dir} is a file, not a directory. Pass the project's directory.`, 'E_NOT_DIR');
  return dir;
}

/**
 * Options the command does not declare stop the run: a misspelt `--dry-rn` or an unsupported `--format sarif` must
 * not be silently ignored. `--no-<flag>` counts as `<flag>`.
 */
export function assertKnownOptions(args: ArgsDef, rawArgs: readonly string[]): void {
  const known = new Set(['help', 'version', ...Object.keys(args)]);
  for (const arg of rawArgs) {
    if (!arg.startsWith('--')) continue;
    const name = arg.slice(2).split('=')[0]!;
    if (!known.has(name) && !(name.startsWith('no-') && known.has(name.slice(3)))) {
      throw new StraddleError(`Unknown option ${arg.split('=')[0]}. See \`straddle <command> --help\`.`, 'E_UNKNOWN_OPTION');
    }
  }
}

const toJobs = (value: unknown) => (value === undefined ? undefined : Number.parseInt(String(value), 10));

/** The test command after `--` (see test-command.ts), split off before citty parses the rest. */
export let passthrough: string[] | undefined;
export function splitPassthrough(argv: string[]): string[] {
  const at = argv.indexOf('--');
  if (at < 0) return argv;
  passthrough = parseTestCommand(argv.slice(at + 1));
  return argv.slice(0, at);
}

/** Prints a scan or fix report with the pack's rules (descriptions, docs links, where each cited row is explained). */
async function printFindings(report: RunReport, format: Format, pack: string, failOn?: FailOn): Promise<void> {
  const { formatFindings, print } = await import('../reporters/index.ts');
  const { listRules } = await import('./commands/rules.ts');
  const rules = await listRules(pack);
  print(formatFindings(report, format, { rules, failOn, packArg: pack }));
}

/** Runs a long job with a files-done counter on stderr (terminals only). */
async function withProgress<T>(job: (onProgress: (done: number, total: number) => void) => Promise<T>): Promise<T> {
  const { createProgress } = await import('./_progress.ts');
  const bar = createProgress(process.stderr);
  try {
    return await job(bar.update);
  } finally {
    bar.done();
  }
}

/** The options `scan` and `fix` share, from their parsed arguments. */
function scanOptions(args: ParsedArgs<typeof findingsArgs & typeof selectionArgs>, rawArgs: readonly string[]): ScanOptions {
  return {
    pack: args.pack,
    cwd: projectDir(args.dir),
    only: listOption(rawArgs, 'only'),
    skip: listOption(rawArgs, 'skip'),
    assumeHandlers: args['assume-handlers'],
    jobs: toJobs(args.jobs),
    types: args.types,
    includeMinified: args['include-minified'],
    shard: args.shard === undefined ? undefined : parseShard(args.shard),
  };
}

const failOnArg = {
  type: 'string',
  description:
    'Exit 1 only for fixable (sites `fix` rewrites), breaking (every site proven to break, and unscanned files) or any (also sites only names tie to the framework); notes never fail it. Default: every finding',
  valueHint: FAIL_ON.join('|'),
} as const;

export const scanCommand = defineCommand({
  meta: { name: 'scan', description: 'Report every site that breaks on the new major (exit 1 on findings, or on those --fail-on names)' },
  args: {
    ...findingsArgs,
    ...selectionArgs,
    'fail-on': failOnArg,
  },
  async run({ args, rawArgs }) {
    const format = formatOption(args, FORMATS);
    const failOn = choiceOption('fail-on', args['fail-on'], FAIL_ON);
    const options = scanOptions(args, rawArgs);
    const { scan } = await import('./commands/scan.ts');
    const report = await withProgress((onProgress) => scan({ ...options, onProgress }));
    await printFindings(report, format, options.pack, failOn);
    if (reportFails(report, failOn)) throw new ExitError(EXIT.findings);
  },
});

export const fixCommand = defineCommand({
  meta: { name: 'fix', description: 'Rewrite every fixable site (default: into forms that behave the same on both majors)' },
  args: {
    ...findingsArgs,
    ...selectionArgs,
    ...writeArgs,
    'dry-run': { type: 'boolean', description: 'Print a unified diff and write nothing (exit 1 when something would change)' },
    target: {
      type: 'string',
      description: "both: dual forms (default); new, or the new major's number (e.g. 5): idiomatic new-major code",
      valueHint: 'both|new|<major>',
    },
  },
  async run({ args, rawArgs }) {
    const format = formatOption(args, FORMATS);
    const options = scanOptions(args, rawArgs);
    const { fix } = await import('./commands/fix.ts');
    const report = await withProgress((onProgress) =>
      fix({
        ...options,
        dryRun: args['dry-run'],
        force: args.force,
        target: args.target,
        onProgress,
      }),
    );
    await printFindings(report, format, options.pack);
    if (args['dry-run'] && report.changed.length) throw new ExitError(EXIT.findings);
    if (report.errors.some((e) => e.kind === 'internal')) throw new ExitError(EXIT.failure);
  },
});

export const rulesCommand = defineCommand({
  meta: { name: 'rules', description: "List a pack's rules: id, spec rows, kind (both / new / shim / report)" },
  args: { pack: packArgs.pack, ...outputArgs },
  async run({ args }) {
    const format = formatOption(args, REPORT_FORMATS);
    const { listRules } = await import('./commands/rules.ts');
    const rules = await listRules(args.pack);
    const { formatReport, print } = await import('../reporters/index.ts');
    const { formatRules } = await import('../reporters/pretty.ts');
    print(formatReport(rules, format, formatRules));
  },
});

export const testCommand = defineCommand({
  meta: { name: 'test', description: "Run the project's own tests once per major, side by side (its package manager's test script; -- <command> to choose another)" },
  args: {
    ...packArgs,
    versions: { type: 'string', description: 'Versions or ranges to run, comma-separated (default: the old and the new major)' },
    shard: { type: 'string', description: 'Run part k of n of the versions, for a CI job matrix; `straddle merge` joins the JSON reports', valueHint: 'k/n' },
  },
  async run({ args, rawArgs }) {
    const format = formatOption(args, REPORT_FORMATS);
    const { test } = await import('./commands/test.ts');
    const { loadPack } = await import('../packs.ts');
    const { formatReport, print, printProgress } = await import('../reporters/index.ts');
    const { formatMatrix, formatMatrixEvent, formatRunning } = await import('../reporters/matrix.ts');
    const status = createStatus();
    const { matrixJson } = await import('../reporters/machine.ts');
    const pack = await loadPack(args.pack);
    const report = await test({
      cwd: projectDir(args.dir),
      versions: listOption(rawArgs, 'versions') ?? [pack.versions.old, pack.versions.new],
      command: passthrough,
      packageName: pack.packageName,
      typesPackage: pack.typesPackage,
      companions: pack.companions,
      shard: args.shard === undefined ? undefined : parseShard(args.shard),
      onProgress:
        format === 'pretty'
          ? (event) => {
              if (event.type === 'running') return status.show(formatRunning(event));
              status.clear();
              printProgress(formatMatrixEvent(event));
            }
          : undefined,
    }).finally(() => status.clear());
    print(formatReport(report, format, formatMatrix, matrixJson));
    if (!report.ok) throw new ExitError(EXIT.findings);
  },
});

export const upgradeCommand = defineCommand({
  meta: { name: 'upgrade', description: 'fix → test on both majors → diagnose → fix … until both are green or nothing more can be fixed' },
  args: {
    ...packArgs,
    ...writeArgs,
    'max-iterations': { type: 'string', description: 'Stop after this many iterations', default: '5' },
    commit: { type: 'boolean', description: 'Make one git commit per iteration' },
    'assume-handlers': selectionArgs['assume-handlers'],
    'test-edits': { type: 'boolean', description: 'Rewrite app code inside test files when it breaks (--no-test-edits leaves test files alone)', default: true },
    library: { type: 'boolean', description: 'Library mode: no shim in its tests, peer range once green (default: detected from package.json; --no-library for an app)' },
    requests: { type: 'string', description: 'Recorded requests replayed on every run: an answer that differs between the majors counts as a failing test (see replay)' },
    app: { type: 'string', description: 'With --requests: a module of the project that exports the app' },
    start: { type: 'string', description: 'With --requests, instead of --app: the command line that starts the app on $PORT' },
  },
  async run({ args }) {
    const format = formatOption(args, REPORT_FORMATS);
    const cwd = projectDir(args.dir);
    const { upgrade } = await import('./commands/upgrade.ts');
    const { formatReport, print } = await import('../reporters/index.ts');
    const { formatUpgradeEvent, formatUpgradeReport } = await import('../reporters/upgrade.ts');
    const { formatRunning } = await import('../reporters/matrix.ts');
    const status = createStatus();
    const { upgradeJson } = await import('../reporters/machine.ts');
    const { useColor } = await import('../reporters/_color.ts');
    const report = await upgrade({
      pack: args.pack,
      cwd,
      force: args.force,
      commit: args.commit,
      maxIterations: Number.parseInt(args['max-iterations'], 10),
      assumeHandlers: args['assume-handlers'],
      testEdits: args['test-edits'],
      library: args.library,
      command: passthrough,
      requests: args.requests,
      app: args.app,
      start: args.start,
      onEvent:
        format === 'pretty'
          ? (event) => {
              if (event.type === 'matrix') return event.event.type === 'running' && status.show(formatRunning(event.event, event.phase));
              status.clear();
              print(formatUpgradeEvent(event, cwd, { color: useColor() }) ?? '');
            }
          : undefined,
    }).finally(() => status.clear());
    print(formatReport(report, format, formatUpgradeReport, upgradeJson));
    if (!report.ok) throw new ExitError(EXIT.findings);
  },
});

export const finishCommand = defineCommand({
  meta: { name: 'finish', description: 'The old major is dropped: dual forms → idiomatic new-major code, shim use removed, tests run on the new major' },
  args: { ...packArgs, ...writeArgs },
  async run({ args }) {
    const format = formatOption(args, REPORT_FORMATS);
    const { finish } = await import('./commands/finish.ts');
    const { formatReport, print } = await import('../reporters/index.ts');
    const { formatFinishReport } = await import('../reporters/upgrade.ts');
    const report = await finish({ pack: args.pack, cwd: projectDir(args.dir), force: args.force, command: passthrough });
    print(formatReport(report, format, formatFinishReport));
    if (!report.ok) throw new ExitError(EXIT.findings);
  },
});

export const replayCommand = defineCommand({
  meta: { name: 'replay', description: 'Send recorded requests to the app on the old major (twice) and the new one; report the answers that differ' },
  args: {
    ...packArgs,
    format: { type: 'string', description: 'Output: pretty (default), json, or html (each finding\'s two answers side by side)', valueHint: REPLAY_FORMATS.join('|') },
    requests: { type: 'string', description: 'The requests: JSON lines (recordTraffic), a HAR file or access-log lines', required: true },
    app: { type: 'string', description: 'A module of the project that exports the app (else: -- <command> that listens on $PORT)' },
    'unsafe-methods': { type: 'boolean', description: 'Replay POST, PUT, PATCH and DELETE too, in recorded order, to one instance at a time, each restarted first (or reset: --reset)' },
    reset: { type: 'string', description: "With --unsafe-methods: the command line run in each instance's copy (with its $PORT) before it gets a request that changes state, instead of a restart" },
    concurrency: { type: 'string', description: 'Requests in flight at once', default: '4' },
    timeout: { type: 'string', description: 'Milliseconds each answer may take', default: '10000' },
  },
  async run({ args }) {
    const format = formatOption(args, REPLAY_FORMATS);
    const { replay } = await import('./commands/replay.ts');
    const { formatReport, print } = await import('../reporters/index.ts');
    const { formatReplay } = await import('../reporters/replay.ts');
    const { replayJson } = await import('../reporters/machine.ts');
    const report = await replay({
      pack: args.pack,
      cwd: projectDir(args.dir),
      requests: args.requests,
      app: args.app,
      command: passthrough,
      unsafeMethods: args['unsafe-methods'],
      reset: args.reset,
      concurrency: Number.parseInt(args.concurrency, 10),
      timeoutMs: Number.parseInt(args.timeout, 10),
    });
    if (format === 'html') print((await import('../reporters/replay-html.ts')).formatReplayHtml(report));
    else print(formatReport(report, format, formatReplay, replayJson));
    if (!report.ok) throw new ExitError(EXIT.findings);
  },
});

export const mergeCommand = defineCommand({
  meta: { name: 'merge', description: "One report from a sharded run's JSON reports (scan, fix or test --shard k/n --json), judged as the whole run" },
  args: {
    reports: { type: 'positional', description: 'The JSON reports, one a shard', required: true },
    format: findingsArgs.format,
    json: outputArgs.json,
    pack: { type: 'string', description: 'The pack the scan or fix reports came from, when it is not built in (a file or package)' },
    'fail-on': failOnArg,
  },
  async run({ args, rawArgs }) {
    const { merge } = await import('./commands/merge.ts');
    const merged = merge(rawArgs.filter((arg, i) => !arg.startsWith('-') && !MERGE_VALUED.has(rawArgs[i - 1] ?? '')));
    if (merged.kind === 'matrix') {
      const format = formatOption(args, REPORT_FORMATS);
      const { formatReport, print } = await import('../reporters/index.ts');
      const { formatMatrix } = await import('../reporters/matrix.ts');
      print(formatReport({ ...merged.report, cwd: '.' }, format, formatMatrix, () => merged.report));
      if (!merged.report.ok) throw new ExitError(EXIT.findings);
      return;
    }
    const { report } = merged;
    const failOn = choiceOption('fail-on', args['fail-on'], FAIL_ON);
    await printFindings(report, formatOption(args, FORMATS), args.pack ?? report.pack, failOn);
    if (report.mode === 'scan' ? reportFails(report, failOn) : report.dryRun && report.changed.length) throw new ExitError(EXIT.findings);
    if (report.errors.some((e) => e.kind === 'internal')) throw new ExitError(EXIT.failure);
  },
});
/** merge's options that take a value: what follows them is not a report. */
const MERGE_VALUED = new Set(['--format', '--pack', '--fail-on']);

export const main = defineCommand({
  meta: { name: 'straddle', description: 'Run on the old and the new major at once, rewrite call sites, iterate until both are green' },
  subCommands: {
    scan: scanCommand,
    fix: fixCommand,
    test: testCommand,
    upgrade: upgradeCommand,
    finish: finishCommand,
    replay: replayCommand,
    rules: rulesCommand,
    merge: mergeCommand,
  },
});
