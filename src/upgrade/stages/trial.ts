/**
 * @module upgrade/stages/trial
 * Low-confidence rewrites no failure pointed at (receivers only named like the framework's objects, such as a
 * library's `app` parameter; forms with a named caveat): tried once, as an iteration of their own, and kept only if
 * a test passes that did not.
 */
import path from 'node:path';
import { runPack } from '../../engine/run.ts';
import { exclusions, isExcluded, SIDE_FILE, unique, type Changes, type LoopContext, type LoopState } from './state.ts';

/** True when the trial rewrote something: the iteration is the trial. */
export async function tryLowConfidence(ctx: LoopContext, state: LoopState, changes: Changes): Promise<boolean> {
  if (state.trialTried) return false;
  state.trialTried = true;
  const files = unique(
    state.openFindings.filter((f) => f.fixable && !f.fixed && f.confidence === 'low' && !isExcluded(state, f) && !SIDE_FILE.test(f.file)).map((f) => f.file),
  );
  if (!files.length) return false;
  // the rules the ratchet excluded in a file stay out of its trial
  const { reportOnlyIn } = exclusions(ctx, state);
  const tried = await runPack(ctx.pack, { cwd: ctx.cwd, fix: true, assumeHandlers: true, files: files.map((f) => path.join(ctx.cwd, f)), reportOnlyIn });
  changes.addFix(tried, `tried the low-confidence rewrites (receivers only named like ${ctx.framework} objects, or forms with a named caveat), to keep only if a failing test then passes`);
  return !changes.none;
}
