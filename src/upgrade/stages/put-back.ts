/**
 * @module upgrade/stages/put-back
 * Changes that made nothing better anywhere are churn, not an upgrade: the project goes back as it was. Where no test
 * could be counted, the exit codes alone judged: the changes stay, and the report says so.
 */
import { commitAll } from '../../engine/git.ts';
import { installFrozen } from '../package-manager.ts';
import { improved, uncounted } from '../ratchet.ts';
import type { Reverted } from '../types.ts';
import { install, type LoopContext, type LoopState } from './state.ts';

/** What went back, or null when the changes stay (or there were none). */
export async function putBackIfNothingBetter(ctx: LoopContext, state: LoopState): Promise<Reverted | null> {
  const left = await ctx.initial.changed();
  const { start, accepted } = state;
  const unseen = left.length && !improved(start.matrix.results, accepted.matrix.results) ? uncounted(start.matrix.results, accepted.matrix.results) : null;
  if (!unseen) return null;
  if (unseen.length) {
    state.notes.push(`kept the changes although no test could be counted on ${unseen.join(', ')} (no runner this tool reads, no summary, no script of the project's own): no major got worse by its exit code`);
    return null;
  }
  ctx.initial.restore(left);
  if (left.some((file) => file === ctx.pm.lockfile || file === 'package.json')) install(ctx, state, installFrozen);
  const putBack = { files: left, because: ['no test passes now that did not pass before, on either major: nothing was worth keeping'] };
  // committed iterations are taken back by a commit of their own: HEAD and the work tree never part
  if (ctx.options.commit) commitAll(ctx.cwd, `${ctx.pack.id}: put back every change: ${putBack.because[0]}`);
  return putBack;
}
