/**
 * @module upgrade/finish
 * `straddle finish`: the old major is dropped. Dual forms become idiomatic new-major code, package.json moves to the
 * new major, the shim comes out when nothing needs it any more, and the tests run on the new major to prove it.
 */
import path from 'node:path';
import { runPack } from '../engine/run.ts';
import { runMatrix, type MatrixReport } from '../matrix/index.ts';
import type { Pack } from '../pack.ts';
import type { Finding } from '../rule.ts';
import type { Change } from './loop.ts';
import { install, removeDependency, unwireShim } from './shim.ts';

export interface FinishOptions {
  cwd: string;
  command?: string[];
  cacheDir?: string;
}

export interface FinishReport {
  pack: string;
  cwd: string;
  ok: boolean;
  changes: Change[];
  /** Why the shim stayed, when it did: the open findings it still stands in for. */
  shimKeptFor: Finding[];
  openFindings: Finding[];
  test: MatrixReport;
}

export async function runFinish(pack: Pack<any>, options: FinishOptions): Promise<FinishReport> {
  const cwd = path.resolve(options.cwd);
  const changes: Change[] = [];
  const fixed = await runPack(pack, { cwd, fix: true, target: 'new' });
  if (fixed.changed.length) {
    const rules = [...new Set(fixed.findings.filter((f) => f.fixed).map((f) => f.ruleId))].sort();
    changes.push({ what: `rewrote into idiomatic ${pack.title.split('→').pop()!.trim()} code: ${rules.join(', ')}`, files: fixed.changed });
  }

  const openFindings = (await runPack(pack, { cwd, fix: false, target: 'new' })).findings;
  const features = new Set(pack.shim?.features ?? []);
  const shimKeptFor = openFindings.filter((f) => features.has(f.ruleId) && f.kind !== 'report');
  if (pack.shim && !shimKeptFor.length) {
    const files = await unwireShim(pack, cwd);
    const name = pack.shim.module.split('/')[0]!;
    const removed = removeDependency(cwd, name);
    if (files.length || removed) changes.push({ what: `removed the runtime shim (${pack.shim.module})`, files: removed ? [...files, 'package.json'] : files });
  }
  if (fixed.changed.includes('package.json')) install(cwd);

  const test = await runMatrix({
    cwd,
    packageName: pack.packageName,
    versions: [pack.versions.new],
    typesPackage: pack.typesPackage,
    command: options.command,
    cacheDir: options.cacheDir,
  });
  return { pack: pack.id, cwd, ok: test.ok, changes, shimKeptFor, openFindings, test };
}
