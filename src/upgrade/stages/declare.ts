/**
 * @module upgrade/stages/declare
 * A library proven on both majors says so: its peer range takes the new one, and the lockfile's copy of it too.
 */
import { commitAll } from '../../engine/git.ts';
import { runPack } from '../../engine/run.ts';
import { installChanged } from '../package-manager.ts';
import { install, lastIteration, type LoopContext, type LoopState } from './state.ts';

export async function declareProven(ctx: LoopContext, state: LoopState): Promise<void> {
  const declared = await runPack(ctx.pack, { cwd: ctx.cwd, fix: true, onceGreen: true, files: [] });
  if (!declared.project.changed) return;
  install(ctx, state, installChanged);
  const what = declared.project.findings.filter((f) => f.fixed).map((f) => f.message).join(' ');
  lastIteration(state).changes.push({ what: `declared what the tests proved: ${what}`, files: ['package.json', ctx.pm.lockfile] });
  if (ctx.options.commit) commitAll(ctx.cwd, `${ctx.pack.id}: declare what the tests proved\n\n${what}\n`);
}
