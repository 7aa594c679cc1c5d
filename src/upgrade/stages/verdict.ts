/**
 * @module upgrade/stages/verdict
 * The verdict the user reads: the tree as the loop leaves it, run again on every major in fresh copies, never the
 * loop's reused ones (node_modules reinstalled from the lockfile first where the loop's last install was not already
 * the lockfile's). The stop reason follows what this run shows, never an iteration's own run.
 */
import { diagnose, type VersionDiagnosis } from '../diagnose.ts';
import { installError, installFrozen } from '../package-manager.ts';
import { hasTargets } from '../ratchet.ts';
import type { FinalVerdict } from '../types.ts';
import { asLockfileSays, lastIteration, type LoopContext, type LoopState } from './state.ts';

export async function finalVerdict(ctx: LoopContext, state: LoopState): Promise<FinalVerdict> {
  const { pm } = ctx;
  let tested = state.start;
  const ranAgain = state.installed || (await ctx.initial.changed()).length > 0;
  if (ranAgain) {
    if (!asLockfileSays(ctx, state)) {
      try {
        installFrozen(ctx.cwd, pm);
      } catch (error) {
        state.notes.push(`could not install node_modules as ${pm.lockfile} says before the final run, with ${pm.name}: ${installError(error)}`);
      }
    }
    tested = await ctx.measure(state.iterations.length, 'final verdict', { fresh: true });
  }
  const diagnosis = diagnose(ctx.pack, tested.matrix, tested.warnings, tested.files, state.openFindings);
  const ok = tested.matrix.ok;
  const was = state.stopReason;
  if (ok) state.stopReason = 'green';
  else if (was === 'green' || was === 'baseline') state.stopReason = hasTargets(tested.matrix.results) ? 'stuck' : 'baseline';
  if (ranAgain && was !== state.stopReason) {
    const label = (v: VersionDiagnosis) => `${v.requested} ${v.ok ? 'passes' : 'fails'}${v.counts ? ` (${v.counts.passed} passed, ${v.counts.failed} failed)` : ''}`;
    const last = lastIteration(state);
    // both sides, so that a flaky test (it failed in the iteration, passes now) reads as one
    state.notes.push(`the fresh run of the final tree does not reproduce iteration ${last.index} (${last.versions.map(label).join(', ')}): ${diagnosis.versions.map(label).join(', ')}`);
  }
  return { ok, versions: diagnosis.versions, warnings: tested.warnings, ranAgain };
}
