/**
 * @module upgrade/stages/wire
 * The shim, once rewrites have nothing more to offer. It goes where apps are composed, not into tests or examples,
 * unless a failure shows the failing app is built there. A library's tests must keep testing the library, so its
 * apps get it only where every failure it covers is thrown by the tests' own server code (a handler a test wrote,
 * not the library's), and then only in the tests.
 */
import type { Pack } from '../../pack.ts';
import type { Finding } from '../../rule.ts';
import { filesReaching } from '../reaches.ts';
import { vendorPaths, wireShim } from '../shim.ts';
import type { Change } from '../types.ts';
import { SIDE_FILE, unique, type Changes, type LoopContext, type LoopState } from './state.ts';

export async function wireWhereNeeded(ctx: LoopContext, state: LoopState, changes: Changes): Promise<void> {
  const { pack, cwd, library } = ctx;
  const failures = state.diagnosis.versions.flatMap((v) => v.failures);
  const covered = new Set(pack.shim?.features);
  const shimFailures = failures.filter((f) => f.site && f.ruleId && covered.has(f.ruleId));
  const scaffolding = shimFailures.length > 0 && shimFailures.every((f) => SIDE_FILE.test(f.site!.file));
  if (library && !scaffolding) return;
  const failing = new Set(failures.flatMap((f) => (f.site ? [f.site.file] : [])));
  // a failure the shim covers, thrown in project code a dependency called back into: the side file (a test
  // helper) that imports that code is where its app is built
  const shimSites = new Set(shimFailures.map((f) => f.site!.file));
  const { excluded, wiredBuilders } = state;
  const sideFiles = state.accepted.files.filter((file) => SIDE_FILE.test(file) && !failing.has(file) && !excluded.has(file) && !wiredBuilders.has(file));
  const builders = filesReaching(cwd, sideFiles, shimSites);
  const skip = (file: string) =>
    excluded.has(file) || (library && !SIDE_FILE.test(file)) || (SIDE_FILE.test(file) && !failing.has(file) && !builders.includes(file));
  // a library's tests get only the features their own failures need, never one for a finding
  const features = library ? new Set(shimFailures.map((f) => f.ruleId!)) : state.pending.shimFeatures;
  const open = library ? [] : state.openFindings;
  const change = await wireForFindings(pack, cwd, open, features, state.wired, skip);
  changes.add(change ?? (await wireBuilders(ctx, builders, features)));
  builders.forEach((file) => wiredBuilders.add(file));
}

/**
 * Wires the shim for the features failing tests proved needed and the open findings it covers, in `warn` mode: the
 * old behaviour keeps tests passing while the code waits for a rewrite, and each warning names its call site (the
 * evidence for the next iteration). The ratchet takes it out again if it makes anything worse, and the loop's end if
 * it made nothing better.
 */
async function wireForFindings(
  pack: Pack<any>,
  cwd: string,
  openFindings: readonly Finding[],
  requested: ReadonlySet<string>,
  wired: Set<string>,
  skip: (file: string) => boolean,
): Promise<Change | undefined> {
  if (!pack.shim) return undefined;
  const covered = new Set(pack.shim.features);
  const open = openFindings.filter((f) => !f.fixed && !f.note && covered.has(f.ruleId));
  const features = unique([...requested, ...open.map((f) => f.ruleId)]).filter((f) => !wired.has(f));
  if (!features.length) return undefined;
  features.forEach((f) => wired.add(f));
  const files = (await wireShim(pack, cwd, features, skip)).map((e) => e.file);
  if (!files.length) return undefined;
  return {
    what: `wired the runtime shim (${pack.shim.vendorDir}/, written into the project: nothing installed) with ${features.join(', ')} in warn mode, for ${open.length} open findings it covers at run time: its warnings name the sites the next iteration rewrites`,
    files: [...files, ...vendorPaths(pack)],
  };
}

/** The features failures proved, already wired where apps are composed, into the test helpers that build theirs. */
async function wireBuilders(ctx: LoopContext, builders: readonly string[], proven: ReadonlySet<string>): Promise<Change | undefined> {
  const features = unique(proven);
  if (!builders.length || !features.length) return undefined;
  const files = (await wireShim(ctx.pack, ctx.cwd, features, (file) => !builders.includes(file))).map((e) => e.file);
  if (!files.length) return undefined;
  return { what: `wired the runtime shim with ${features.join(', ')} into ${files.join(', ')}: failures it covers were thrown in code these build their app from`, files: [...files, ...ctx.vendored] };
}
