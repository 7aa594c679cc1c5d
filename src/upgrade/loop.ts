/**
 * @module upgrade/loop
 * `straddle upgrade`: fix → test on both majors → diagnose → targeted fixes → repeat, until both majors are green,
 * nothing more can be fixed, or the iteration limit. Every iteration records what it changed and why. Each step is a
 * stage of its own (./stages/), given the run's context and the state it reads and changes.
 */
import semver from 'semver';
import { discoverFiles } from '../engine/discover.ts';
import { runPack } from '../engine/run.ts';
import { refusePlugAndPlay } from '../matrix/index.ts';
import type { Pack } from '../pack.ts';
import { ciMatrix } from './ci-matrix.ts';
import { apply } from './stages/apply.ts';
import { baseline } from './stages/baseline.ts';
import { declareProven } from './stages/declare.ts';
import { judge } from './stages/judge.ts';
import { putBackIfNothingBetter } from './stages/put-back.ts';
import { record } from './stages/record.ts';
import { createContext, settled, TEST_FILE, type LoopContext, type LoopState } from './stages/state.ts';
import { dropUnneededTestEdits } from './stages/test-edits.ts';
import { finalVerdict } from './stages/verdict.ts';
import { Snapshot } from './snapshot.ts';
import type { FinalVerdict, Reverted, UpgradeOptions, UpgradeReport } from './types.ts';

export { isLibrary } from './library.ts';
export { TEST_FILE } from './stages/state.ts';
export type * from './types.ts';

/**
 * The loop is a ratchet: iteration 0 measures the project as it is (baseline); a project with nothing the new major
 * breaks (green on both, or failing alike on both) is left byte for byte. Each later iteration applies what the last
 * diagnosis asks for, runs the tests on every major, and is judged: kept only if no version gets worse than the last
 * kept state. At the end, test-file edits no test needs and changes that made nothing better go back, a library
 * proven on both majors declares it, and the committed tree is run afresh for the verdict.
 */
export async function runUpgrade(pack: Pack<any>, options: UpgradeOptions): Promise<UpgradeReport> {
  // the matrix would refuse it at the first measurement: said before the loop announces one
  refusePlugAndPlay(options.cwd);
  const ctx = await createContext(pack, options);
  let inProgress: Snapshot | null = null;
  try {
    const state = await baseline(ctx);
    for (let index = 1; index <= ctx.maxIterations && !settled(state); index++) {
      options.onEvent?.({ type: 'iteration-start', index });
      const snapshot = (inProgress = await Snapshot.take(ctx.cwd, ctx.vendored));
      const applied = await apply(ctx, state, index, snapshot);
      if (!applied) {
        inProgress = null;
        state.stopReason = 'stuck';
        break;
      }
      const judged = await judge(ctx, state, index, snapshot, applied, await ctx.measure(index));
      record(ctx, state, index, applied, judged);
      inProgress = null;
    }
    if (settled(state)) state.stopReason = state.accepted.matrix.ok ? 'green' : 'baseline';
    await dropUnneededTestEdits(ctx, state);
    const putBack = await putBackIfNothingBetter(ctx, state);
    if (ctx.library && state.stopReason === 'green' && state.accepted.matrix.ok && !putBack) await declareProven(ctx, state);
    const final = await finalVerdict(ctx, state);
    return await report(ctx, state, putBack, final);
  } catch (error) {
    // interrupted: the iteration in progress goes back, what the loop kept before it stays
    if (options.signal?.aborted && inProgress) inProgress.restore(await inProgress.changed());
    throw error;
  } finally {
    ctx.dispose();
  }
}

async function report(ctx: LoopContext, state: LoopState, putBack: Reverted | null, final: FinalVerdict): Promise<UpgradeReport> {
  const { pack, cwd } = ctx;
  // what is left to do by hand is read off the tree as left, not gathered along the way (put-backs, trials)
  const openFindings = (await runPack(pack, { cwd, fix: false, files: await discoverFiles(cwd) })).findings;
  const changed = await ctx.initial.changed();
  return {
    pack: pack.id,
    cwd,
    ok: final.ok,
    stopReason: state.stopReason,
    library: ctx.library,
    putBack,
    iterations: state.iterations,
    final,
    changedFiles: changed.filter((f) => !TEST_FILE.test(f)),
    changedTestFiles: changed.filter((f) => TEST_FILE.test(f)),
    openFindings,
    notes: ctx.library && pack.shim?.package ? [...state.notes, libraryShimNote(pack.shim.package)] : state.notes,
    ciMatrix: ctx.library && final.ok ? ciMatrix(pack.packageName, [pack.versions.old, pack.versions.new], ctx.pm.name, companionSpecs(pack, final)) : null,
  };
}

/** Per major, the companions its final run had swapped in, as the pack's ranges for them (what CI installs). */
function companionSpecs(pack: Pack<any>, final: FinalVerdict): Record<string, string[]> {
  return Object.fromEntries(
    final.versions.map((v) => {
      const ranges = v.companions?.length ? (pack.companions?.(semver.major(v.resolved)) ?? {}) : {};
      return [v.requested, (v.companions ?? []).map((c) => `${c.name}@${ranges[c.name] ?? c.version}`)];
    }),
  );
}

/** What a library is told about the shim: its users install whatever the library depends on. */
function libraryShimNote(shimPackage: string): string {
  return `where the library's own code needs the runtime shim, it depends on ${shimPackage} (no dependencies of its own), never on straddle, whose toolchain would land in every app that installs the library`;
}
