/**
 * @module cli/commands/test
 * `straddle test <pack> [dir]`: the project's own tests once per major, side by side. Returns the matrix report;
 * a run that cannot start throws (exit 2), an interrupted one throws E_INTERRUPTED (exit 130).
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { readPackageJson } from '../../engine/package-json.ts';
import { StraddleError } from '../../errors.ts';
import { interruptible } from './interruptible.ts';
import type { Shard } from '../../engine/shard.ts';
import { runMatrix, type MatrixEvent, type MatrixOptions, type MatrixReport } from '../../matrix/index.ts';

export interface TestCommandOptions {
  cwd: string;
  /** The pack's package, the versions to run (the CLI defaults them to the pack's old and new majors) and types. */
  packageName: string;
  versions: string[];
  typesPackage?: string;
  /** The pack's companions (see MatrixOptions.companions). */
  companions?: MatrixOptions['companions'];
  /** Default: the project's `test` script by its package manager (`npm test`, `pnpm test`, `yarn test`, `bun run test`). */
  command?: string[];
  cacheDir?: string;
  /** Only this shard's versions (every n-th, from the k-th): the CI job matrix runs the majors apart. */
  shard?: Shard;
  onProgress?: (event: MatrixEvent) => void;
}

/**
 * A shard's versions: every n-th from the k-th. A suite splits no further here (only its runner knows its tests):
 * more shards than versions stop the run with how to shard inside the command as well.
 */
export function shardVersions(versions: readonly string[], shard: Shard): string[] {
  if (shard.count > versions.length) {
    throw new StraddleError(
      `--shard ${shard.index}/${shard.count}: test shards split the versions (${versions.length} here), so at most ${versions.length} shards. To split a suite further, shard it with its runner in the command too (e.g. -- npx vitest run --shard=1/3); \`straddle merge\` adds up the parts of one version.`,
      'E_BAD_VALUE',
    );
  }
  return versions.filter((_, i) => i % shard.count === shard.index - 1);
}

export async function test(opts: TestCommandOptions): Promise<MatrixReport> {
  const cwd = path.resolve(opts.cwd);
  if (!(await access(path.join(cwd, 'package.json')).then(() => true, () => false))) {
    throw new StraddleError(`${cwd} has no package.json. Run \`straddle test\` in a project, or pass its directory.`, 'E_NO_PACKAGE_JSON');
  }
  readPackageJson(cwd); // one that does not parse stops here, not as "never loaded" the package in every version
  const versions = opts.shard ? shardVersions(opts.versions, opts.shard) : opts.versions;
  return interruptible('Interrupted: every test process was stopped and the temporary copies removed.', async (signal) => {
    try {
      const report = await runMatrix({
        cwd,
        packageName: opts.packageName,
        versions,
        typesPackage: opts.typesPackage,
        companions: opts.companions,
        command: opts.command,
        cacheDir: opts.cacheDir,
        signal,
        onProgress: opts.onProgress,
      });
      return opts.shard ? { ...report, shard: opts.shard } : report;
    } catch (error) {
      throw error instanceof StraddleError ? error : new StraddleError((error as Error).message, 'E_MATRIX');
    }
  });
}
