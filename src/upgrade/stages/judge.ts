/**
 * @module upgrade/stages/judge
 * The ratchet: an iteration's changes are kept only if no major gets worse than the last kept state. Otherwise they
 * are put back, and halves of them are tried again (a bounded bisection), so that what helped stays and what hurt is
 * named in the report and never tried again: in a file that goes back, the rules that changed it only report there
 * from then on (other rules may still fix it). A trial stays only if a failing test then passes. What a suite does
 * worse by itself from one run to the next (a test that fails now and then) is told apart before anything goes back.
 */
import { diagnose, failureKey, type Failure } from '../diagnose.ts';
import { installFrozen } from '../package-manager.ts';
import { improved, regressions, varying, worseOn } from '../ratchet.ts';
import { write, type Contents, type Snapshot } from '../snapshot.ts';
import type { Reverted } from '../types.ts';
import type { Applied } from './apply.ts';
import { bar, install, NARROWING_RUNS, type LoopContext, type LoopState, type Tested } from './state.ts';

export interface Judged {
  /** The run of what is kept: the iteration's, a narrowed part's, or the accepted one when all went back. */
  tested: Tested;
  reverted: Reverted | null;
}

export async function judge(ctx: LoopContext, state: LoopState, index: number, snapshot: Snapshot, applied: Applied, tested: Tested): Promise<Judged> {
  const { changed } = applied;
  const regressed = await beyondVariance(ctx, state, index, snapshot, applied, tested);
  // what broke, by site, so that a put-back names the construct and not only the counts
  const because = regressed.length ? [...regressed, ...newFailures(ctx, state, tested, regressed)] : regressed;
  if (applied.trial && (because.length || !improved(state.accepted.matrix.results, tested.matrix.results))) {
    snapshot.restore(changed);
    return { tested: state.accepted, reverted: { files: changed, because: because.length ? because : ['the trial rewrites made no failing test pass'] } };
  }
  if (!because.length) return { tested, reverted: null };
  if (applied.toolchainRules.length) {
    // package.json and its lockfile only go together: all back, and node_modules as the lockfile says
    snapshot.restore(changed);
    install(ctx, state, installFrozen);
    return { tested: state.accepted, reverted: { files: changed, because } };
  }
  const after = snapshot.current(changed);
  snapshot.restore(changed);
  // the halves run first on the majors the whole change made worse: a half that does the same is told sooner
  const kept = await narrow(ctx, state, changed, after, snapshot, index, worseOn(bar(state), tested.matrix.results, state.flaky));
  const back = changed.filter((file) => !kept.files.includes(file));
  for (const file of back) {
    const rules = applied.rulesByFile.get(file);
    if (!rules?.size) state.excluded.add(file);
    else state.excludedRules.set(file, new Set([...(state.excludedRules.get(file) ?? []), ...rules]));
  }
  return { tested: kept.tested ?? state.accepted, reverted: { files: back, because } };
}

/**
 * Why `tested` does worse than the kept state, beyond what the suite does by itself. A suite may fail a test one run and
 * pass it the next (timing, ports, order), and one such failure would put a good change back: so before anything goes
 * back, the kept state is run once more (the changes put back meanwhile, then written again). A test that failed in
 * one of its runs and not in the other is flaky for the rest of the loop, and `tested` must do worse than the worse of
 * the two runs. Only the majors that did worse are run again, each once per kept state; not for a toolchain change,
 * which goes back with an install.
 */
async function beyondVariance(ctx: LoopContext, state: LoopState, index: number, snapshot: Snapshot, applied: Applied, tested: Tested): Promise<string[]> {
  const kept = bar(state);
  const regressed = regressions(kept, tested.matrix.results, state.flaky);
  if (!regressed.length || applied.toolchainRules.length) return regressed;
  const done = state.again?.of === state.accepted ? state.again.results : null;
  const worse = worseOn(kept, tested.matrix.results, state.flaky).filter((requested) => !done?.find((result) => result.requested === requested && !result.notRun));
  if (!worse.length) return regressed;
  const after = snapshot.current(applied.changed);
  snapshot.restore(applied.changed);
  const again = await ctx.measure(index, 'the kept state again', { only: worse });
  write(ctx.cwd, after);
  state.again = { of: state.accepted, results: again.matrix.results.map((result, at) => (result.notRun && done ? done[at]! : result)) };
  const flaky = varying(state.accepted.matrix.results, again.matrix.results).filter((test) => !state.flaky.has(test));
  for (const test of flaky) state.flaky.add(test);
  if (flaky.length) state.notes.push(`held no change to account for tests that failed in one run of the same tree and passed in another (the suite's own variance): ${flaky.map((test) => test.replace('\0', ': ')).join('; ')}`);
  return regressions(bar(state), tested.matrix.results, state.flaky);
}

/** On each version `regressed` names, the failures `tested` shows that the accepted state did not (a few). */
function newFailures(ctx: LoopContext, state: LoopState, tested: Tested, regressed: readonly string[]): string[] {
  const key = (f: Failure) => `${f.version}|${failureKey(f)}`;
  const known = new Set(state.diagnosis.versions.flatMap((v) => v.failures.map(key)));
  const now = diagnose(ctx.pack, tested.matrix, tested.warnings, tested.files, state.openFindings);
  return now.versions.flatMap((v) => {
    const label = `${v.requested} (${v.resolved})`;
    if (!regressed.some((line) => line.startsWith(`${label}:`))) return [];
    const fresh = v.failures.filter((f) => !known.has(key(f)));
    const shown = fresh.slice(0, 3).map((f) => `${label} now fails: ${f.site ? `${f.site.file}:${f.site.line}: ` : ''}${f.message}`);
    return fresh.length > 3 ? [...shown, `${label}: ${fresh.length - 3} more new failures`] : shown;
  });
}

/**
 * Bisects `changed` (already put back) for halves that make nothing worse, within NARROWING_RUNS extra runs. The
 * vendored shim goes with whichever half imports it: present while halves are tried, kept only if a kept file
 * still imports it.
 */
async function narrow(
  ctx: LoopContext,
  state: LoopState,
  changed: string[],
  after: Contents,
  snapshot: Snapshot,
  index: number,
  first: readonly string[],
): Promise<{ files: string[]; tested: Tested | null }> {
  const { cwd, vendored } = ctx;
  const kept: string[] = [];
  let best: Tested | null = null;
  let budget = NARROWING_RUNS;
  const shimFiles = changed.filter((file) => vendored.includes(file));
  if (shimFiles.length) write(cwd, new Map(shimFiles.map((file) => [file, after.get(file) ?? null])));
  const queue = [changed.filter((file) => !vendored.includes(file))];
  while (queue.length && budget > 0) {
    const group = queue.shift()!;
    if (group.length < 2) continue;
    const middle = Math.ceil(group.length / 2);
    for (const half of [group.slice(0, middle), group.slice(middle)]) {
      if (budget-- <= 0) break;
      write(cwd, new Map(half.map((file) => [file, after.get(file) ?? null])));
      const against = best?.matrix.results ?? bar(state);
      const tried = await ctx.measure(index, undefined, { worseThan: against, flaky: state.flaky, first });
      if (regressions(against, tried.matrix.results, state.flaky).length) {
        snapshot.restore(half);
        queue.push(half);
      } else {
        kept.push(...half);
        best = tried;
      }
    }
  }
  if (shimFiles.length) {
    const imported = kept.some((file) => after.get(file)?.toString('utf8').includes(`${ctx.pack.shim!.vendorDir}/index.js`));
    if (imported) kept.push(...shimFiles);
    else snapshot.restore(shimFiles);
  }
  return { files: kept, tested: best };
}
