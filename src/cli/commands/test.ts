/**
 * @module cli/commands/test
 * `straddle test <pack> [dir]`: the project's own tests once per major, side by side.
 * Exit codes: 0 every version passed, 1 a version failed, 2 the matrix could not run, 130 interrupted.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { readPackageJson } from '../../engine/package-json.ts';
import { formatMatrix, runMatrix, type MatrixEvent } from '../../matrix/index.ts';

export interface TestCommandOptions {
  cwd: string;
  /** The pack's package, the versions to run (the CLI defaults them to the pack's old and new majors) and types. */
  packageName: string;
  versions: string[];
  typesPackage?: string;
  /** Default: `npm test`. */
  command?: string[];
  json?: boolean;
  cacheDir?: string;
}

export async function test(opts: TestCommandOptions): Promise<number> {
  const cwd = path.resolve(opts.cwd);
  if (!(await access(path.join(cwd, 'package.json')).then(() => true, () => false))) {
    process.stderr.write(`${cwd} has no package.json. Run \`straddle test\` in a project, or pass its directory.\n`);
    return 2;
  }
  readPackageJson(cwd); // one that does not parse stops here, not as "never loaded" the package in every version
  const controller = new AbortController();
  // Kept for every Ctrl-C, not once: a second one must not exit before the runs' process groups are stopped.
  const interrupt = () => controller.abort();
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    const report = await runMatrix({
      cwd,
      packageName: opts.packageName,
      versions: opts.versions,
      typesPackage: opts.typesPackage,
      command: opts.command,
      cacheDir: opts.cacheDir,
      signal: controller.signal,
      onProgress: opts.json ? undefined : printProgress,
    });
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatMatrix(report, { color: process.stdout.isTTY })}\n`);
    return report.ok ? 0 : 1;
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write('Interrupted: every test process was stopped and the temporary copies removed.\n');
      return 130;
    }
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

function printProgress(event: MatrixEvent): void {
  const line = progressLine(event);
  if (line) process.stderr.write(`${line}\n`);
}

function progressLine(event: MatrixEvent): string | null {
  switch (event.type) {
    case 'metadata':
      return event.source === 'stale-cache' ? `Registry unreachable: using the cached version list of ${event.packageName}.` : null;
    case 'install':
      return event.fromCache ? null : `Installed ${event.packageName}@${event.version} into the cache.`;
    case 'start':
      return `Testing ${event.requested} (${event.version})…`;
    case 'done':
      return `${event.result.requested}: ${event.result.ok ? 'pass' : 'FAIL'}`;
    default:
      return null;
  }
}
