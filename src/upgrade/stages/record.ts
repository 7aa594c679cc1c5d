/**
 * @module upgrade/stages/record
 * An iteration as judged: its run becomes the accepted state, it is committed when asked (and when it kept
 * anything), it joins the report's history, and the next iteration's actions are planned from its diagnosis.
 */
import { commitAll } from '../../engine/git.ts';
import type { Pack } from '../../pack.ts';
import { planActions } from '../diagnose.ts';
import type { Change, Iteration, Reverted } from '../types.ts';
import type { Applied } from './apply.ts';
import type { Judged } from './judge.ts';
import { diagnoseAccepted, type LoopContext, type LoopState } from './state.ts';

export function record(ctx: LoopContext, state: LoopState, index: number, applied: Applied, { tested, reverted }: Judged): Iteration {
  state.accepted = tested;
  state.diagnosis = diagnoseAccepted(ctx, state);
  const keptAny = !reverted || reverted.files.length < applied.changed.length;
  const committed = !!ctx.options.commit && keptAny && commitAll(ctx.cwd, commitMessage(ctx.pack, index, applied.changes, reverted));
  const iteration: Iteration = { index, changes: applied.changes, reverted, versions: state.diagnosis.versions, warnings: tested.warnings, committed };
  state.iterations.push(iteration);
  ctx.options.onEvent?.({ type: 'tested', index, iteration });
  state.pending = planActions(ctx.pack, state.diagnosis, state.openFindings);
  return iteration;
}

export function commitMessage(pack: Pack<any>, index: number, changes: Change[], reverted: Reverted | null): string {
  const body = changes.map((c) => `- ${c.what} (${c.files.length} files)`).join('\n');
  const back = reverted ? `\n\nPut back (a test that passed before failed with them): ${reverted.files.join(', ')}\n${reverted.because.map((b) => `- ${b}`).join('\n')}` : '';
  return `straddle upgrade ${pack.id}: iteration ${index}\n\n${body}${back}\n`;
}
