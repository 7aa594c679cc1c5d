/**
 * @module matrix/typecheck
 * Type-checks a TypeScript project against one major's types package: the project's own `tsc`, run in the
 * version's workspace whose node_modules points the types package at the cached version.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { installedPackageDir } from './cache-dir.ts';
import { runCapture } from './run-command.ts';
import type { TypecheckResult } from './types.ts';

/** The project's tsc, when the project has a tsconfig.json and uses the types package; else null. */
export async function findTypecheckTool(projectDir: string, typesPackage: string): Promise<string | null> {
  const modules = path.join(projectDir, 'node_modules');
  const tsc = path.join(modules, 'typescript', 'bin', 'tsc');
  const needed = [path.join(projectDir, 'tsconfig.json'), installedPackageDir(projectDir, typesPackage), tsc];
  const present = await Promise.all(needed.map((file) => access(file).then(() => true, () => false)));
  return present.every(Boolean) ? tsc : null;
}

export async function runTypecheck(
  tsc: string,
  workspace: string,
  typesVersion: string,
  signal?: AbortSignal,
): Promise<TypecheckResult> {
  const { exitCode, output, durationMs } = await runCapture(
    [process.execPath, tsc, '--noEmit', '--pretty', 'false', '-p', workspace],
    { cwd: workspace, signal },
  );
  return { typesVersion, ok: exitCode === 0, exitCode, output, durationMs };
}
