/**
 * @module upgrade/finish
 * `straddle finish`: the old major is dropped. Dual forms become idiomatic new-major code, package.json moves to the
 * new major, and the shim comes out if the tests pass on the new major without it (they decide, not a guess).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../engine/discover.ts';
import { readPackageJson } from '../engine/package-json.ts';
import { serializeLike } from '../engine/project-rules.ts';
import { runPack } from '../engine/run.ts';
import { writeUserFile } from '../engine/write-file.ts';
import { refusePlugAndPlay, runMatrix, type MatrixReport } from '../matrix/index.ts';
import type { Pack } from '../pack.ts';
import type { Finding } from '../rule.ts';
import type { Change } from './loop.ts';
import { detectPackageManager } from '../project/package-manager.ts';
import { installChanged } from './package-manager.ts';
import { removeVendored, revertEdits, unwireShim, vendorPaths } from './shim.ts';

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
  /** Set when the shim had to stay: the tests fail on the new major without it. */
  shimKept: { findings: Finding[]; failingWithout: MatrixReport } | null;
  openFindings: Finding[];
  test: MatrixReport;
}

export async function runFinish(pack: Pack<any>, options: FinishOptions): Promise<FinishReport> {
  const cwd = path.resolve(options.cwd);
  // the tests run in the matrix at the end: a project it refuses is refused before anything is rewritten
  refusePlugAndPlay(cwd);
  const changes: Change[] = [];
  const testNew = () =>
    runMatrix({ cwd, packageName: pack.packageName, versions: [pack.versions.new], typesPackage: pack.typesPackage, companions: pack.companions, command: options.command, cacheDir: options.cacheDir });

  const fixed = await runPack(pack, { cwd, fix: true, target: 'new' });
  if (fixed.changed.length) {
    const rules = [...new Set(fixed.findings.filter((f) => f.fixed).map((f) => f.ruleId))].sort();
    changes.push({ what: `rewrote into idiomatic new-major code: ${rules.join(', ')}`, files: fixed.changed });
  }
  if (fixed.changed.includes('package.json')) installChanged(cwd, detectPackageManager(cwd));
  // the fix run's findings are those of the text it left: what it did not fix is what a scan would find now
  const openFindings = fixed.findings.filter((f) => !f.fixed);

  let shimKept: FinishReport['shimKept'] = null;
  let test: MatrixReport;
  const unwired = pack.shim ? await unwireShim(pack, cwd) : [];
  if (unwired.length) {
    test = await testNew();
    if (test.ok) {
      const vendored = removeVendored(pack, cwd) ? vendorPaths(pack) : [];
      const manifest = await dropShimPackage(pack, cwd);
      changes.push({ what: `removed the runtime shim (${pack.shim!.vendorDir}/): the tests pass on the new major without it`, files: [...unwired.map((e) => e.file), ...vendored, ...(manifest === undefined ? [] : ['package.json'])] });
    } else {
      revertEdits(cwd, unwired);
      const features = new Set(pack.shim!.features);
      shimKept = { findings: openFindings.filter((f) => features.has(f.ruleId) && !f.note), failingWithout: test };
      test = await testNew();
    }
  } else {
    test = await testNew();
  }
  return { pack: pack.id, cwd, ok: test.ok, changes, shimKept, openFindings, test };
}

/**
 * The shim's package out of package.json (installed again without it) once no source imports it any more: the
 * wiring is gone, but a helper such as `routePath` may still be used. Returns the new text, or undefined.
 */
async function dropShimPackage(pack: Pack<any>, cwd: string): Promise<string | undefined> {
  const name = pack.shim!.package;
  const manifest = name ? withoutDependency(readPackageJson(cwd)?.text, name) : undefined;
  if (manifest === undefined) return undefined;
  for (const file of await discoverFiles(cwd)) if (readFileSync(file, 'utf8').includes(name!)) return undefined;
  writeUserFile(path.join(cwd, 'package.json'), manifest, cwd);
  installChanged(cwd, detectPackageManager(cwd));
  return manifest;
}

/** package.json's text without `name` in any dependency list, in the file's own format; undefined when it has none. */
export function withoutDependency(text: string | undefined, name: string): string | undefined {
  if (text === undefined) return undefined;
  const json = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  let found = false;
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    const deps = json[field] as Record<string, string> | undefined;
    if (!deps || !(name in deps)) continue;
    delete deps[name];
    found = true;
  }
  return found ? serializeLike(text, json) : undefined;
}
