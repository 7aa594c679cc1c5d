/**
 * @module upgrade/stages/baseline
 * Iteration 0: the project as it is, run on every major and diagnosed. The state every later stage starts from.
 */
import path from 'node:path';
import { planActions } from '../diagnose.ts';
import { diagnoseAccepted, TEST_FILE, type LoopContext, type LoopState } from './state.ts';

export async function baseline(ctx: LoopContext): Promise<LoopState> {
  const excluded = new Set<string>();
  if (ctx.options.testEdits === false) {
    for (const file of ctx.startFiles) {
      const relative = path.relative(ctx.cwd, file);
      if (TEST_FILE.test(relative)) excluded.add(relative);
    }
  }
  ctx.options.onEvent?.({ type: 'iteration-start', index: 0 });
  const start = await ctx.measure(0);
  const state: LoopState = {
    iterations: [],
    start,
    accepted: start,
    diagnosis: { versions: [], warnings: [] },
    pending: { assumeHandlerFiles: new Set(), shimFeatures: new Set(), evidenceRules: new Set() },
    openFindings: [],
    notes: [],
    stopReason: 'max-iterations',
    excluded,
    excludedRules: new Map(),
    assumed: new Set(),
    wired: new Set(),
    wiredBuilders: new Set(),
    triedToolchain: new Set(),
    trialTried: false,
    flaky: new Set(),
    installed: false,
  };
  state.diagnosis = diagnoseAccepted(ctx, state);
  state.iterations.push({ index: 0, changes: [], reverted: null, versions: state.diagnosis.versions, warnings: start.warnings, committed: false });
  ctx.options.onEvent?.({ type: 'tested', index: 0, iteration: state.iterations[0]! });
  state.pending = planActions(ctx.pack, state.diagnosis, state.openFindings);
  return state;
}
