/**
 * @module upgrade/stages/apply
 * An iteration's changes, in order of preference: a toolchain fix failing tests prove (an iteration of its own);
 * else the rewrites, then the low-confidence trial, then the shim, each only when what came before had nothing to
 * offer; the changed files formatted with the project's own formatter. Files the ratchet excluded are put back.
 */
import { formatChanged } from '../format.ts';
import type { Snapshot } from '../snapshot.ts';
import type { Change } from '../types.ts';
import { rewrite } from './rewrite.ts';
import { Changes, type LoopContext, type LoopState } from './state.ts';
import { applyToolchain } from './toolchain.ts';
import { tryLowConfidence } from './trial.ts';
import { wireWhereNeeded } from './wire.ts';

export interface Applied {
  changes: Change[];
  /** The files the iteration changed (none the ratchet excluded). */
  changed: string[];
  /** The project rules a toolchain fix was tried for: a package.json and its lockfile go back together. */
  toolchainRules: string[];
  /** The iteration is the low-confidence trial: kept only if a failing test then passes. */
  trial: boolean;
  /** Per changed file, the rules whose fixes changed it (none for the shim's wiring or a toolchain fix). */
  rulesByFile: ReadonlyMap<string, ReadonlySet<string>>;
}

/** What the iteration changed, or null when there was nothing left to change (the loop is stuck). */
export async function apply(ctx: LoopContext, state: LoopState, index: number, snapshot: Snapshot): Promise<Applied | null> {
  const toolchain = await applyToolchain(ctx, state, index, snapshot);
  const fixes = toolchain.changes ? { changes: toolchain.changes, trial: false, rulesByFile: new Map() } : await applyFixes(ctx, state, index, snapshot);
  // a rule may still reach a file the ratchet excluded (package.json through a project rule): put it back
  const touched = await snapshot.changed();
  snapshot.restore(touched.filter((file) => state.excluded.has(file)));
  const changed = touched.filter((file) => !state.excluded.has(file));
  if (!fixes.changes.length || !changed.length) return null;
  return { ...fixes, changed, toolchainRules: toolchain.rules };
}

async function applyFixes(ctx: LoopContext, state: LoopState, index: number, snapshot: Snapshot): Promise<Pick<Applied, 'changes' | 'trial' | 'rulesByFile'>> {
  const changes = new Changes(ctx, index);
  await rewrite(ctx, state, changes);
  const trial = changes.none && (await tryLowConfidence(ctx, state, changes));
  // rewrites first; the shim only once they have nothing more to offer
  if (changes.none) await wireWhereNeeded(ctx, state, changes);
  if (!changes.none) {
    const touched = (await snapshot.changed()).filter((file) => !state.excluded.has(file));
    const tools = await formatChanged(ctx.cwd, touched.filter((f) => !ctx.vendored.includes(f)), touched.filter((f) => ctx.vendored.includes(f)));
    if (tools.length) changes.add({ what: `formatted the changed files with the project's own ${tools.join(', ')}`, files: touched });
  }
  return { changes: changes.list, trial, rulesByFile: changes.rulesByFile };
}
