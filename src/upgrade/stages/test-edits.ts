/**
 * @module upgrade/stages/test-edits
 * App code inside test files is rewritten only where it breaks: changes to test files are taken back, all together
 * first, then (when some were needed) one file at a time within the narrowing budget, each staying out only if no
 * test does worse without it.
 */
import { commitAll } from '../../engine/git.ts';
import { regressions } from '../ratchet.ts';
import { write } from '../snapshot.ts';
import { bar, diagnoseAccepted, lastIteration, NARROWING_RUNS, TEST_FILE, type LoopContext, type LoopState } from './state.ts';

export async function dropUnneededTestEdits(ctx: LoopContext, state: LoopState): Promise<void> {
  const { initial } = ctx;
  const edited = (await initial.changed()).filter((file) => TEST_FILE.test(file) && !ctx.vendored.includes(file));
  if (!edited.length || state.iterations.length < 2) return;
  const dropped: string[] = [];
  const tryDropping = async (files: string[]) => {
    const after = initial.current(files);
    initial.restore(files);
    const against = bar(state);
    const tested = await ctx.measure(state.iterations.length, 'without the test edits', { worseThan: against, flaky: state.flaky });
    if (regressions(against, tested.matrix.results, state.flaky).length) return write(ctx.cwd, after);
    state.accepted = tested;
    dropped.push(...files);
  };
  await tryDropping(edited);
  if (!dropped.length && edited.length > 1) for (const file of edited.slice(0, NARROWING_RUNS)) await tryDropping([file]);
  if (!dropped.length) return;
  state.diagnosis = diagnoseAccepted(ctx, state);
  Object.assign(lastIteration(state), { versions: state.diagnosis.versions, warnings: state.accepted.warnings });
  state.notes.push(`took back the changes to ${dropped.join(', ')}: every test does as well without them`);
  if (ctx.options.commit) commitAll(ctx.cwd, `${ctx.pack.id}: take back test-file changes no test needs`);
}
