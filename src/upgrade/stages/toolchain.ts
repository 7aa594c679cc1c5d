/**
 * @module upgrade/stages/toolchain
 * The toolchain iteration: a fix to package.json that failing tests prove (a test runner too old to load the new
 * major), installed with the project's package manager, is an iteration of its own.
 */
import { runPack } from '../../engine/run.ts';
import { addNpmrcSetting, installChanged, installFrozen, settingFor } from '../package-manager.ts';
import type { Snapshot } from '../snapshot.ts';
import type { Change } from '../types.ts';
import { tryInstall, unique, type LoopContext, type LoopState } from './state.ts';

export interface ToolchainStep {
  /** The project rules that had a fix for a failing test's signature (now tried, never again). */
  rules: string[];
  /** Absent when there was nothing to install or the install failed (and was put back). */
  changes?: Change[];
}

export async function applyToolchain(ctx: LoopContext, state: LoopState, index: number, snapshot: Snapshot): Promise<ToolchainStep> {
  const { pack, cwd, pm } = ctx;
  const projectRules = new Set((pack.projectRules ?? []).map((rule) => rule.id));
  const failing = [...new Set(state.diagnosis.versions.flatMap((v) => v.failures.map((f) => f.ruleId)))]
    .filter((id): id is string => !!id && projectRules.has(id) && !state.triedToolchain.has(id));
  if (!failing.length || state.excluded.has('package.json')) return { rules: [] };
  const fixed = await runPack(pack, { cwd, fix: true, toolchain: true, only: failing, files: [] });
  const rules = unique(fixed.findings.filter((f) => f.file === 'package.json' && f.fixable).map((f) => f.ruleId));
  rules.forEach((id) => state.triedToolchain.add(id));
  if (!fixed.findings.some((f) => f.fixed)) return { rules };
  let failed = tryInstall(ctx, state, installChanged);
  const setting = failed ? settingFor(pm, failed) : undefined;
  if (setting) {
    addNpmrcSetting(cwd, setting.line);
    failed = tryInstall(ctx, state, installChanged);
  }
  if (failed) {
    snapshot.restore(await snapshot.changed());
    // a failed install can leave node_modules half moved: back to what the lockfile says, as it was
    const back = tryInstall(ctx, state, installFrozen);
    state.notes.push(`could not install the toolchain fix (${rules.join(', ')}) with ${pm.name}, put back: ${failed}${back ? `; reinstalling as ${pm.lockfile} says failed too: ${back}` : ''}`);
    return { rules };
  }
  const what = fixed.findings.filter((f) => f.fixed).map((f) => f.message).join(' ');
  const how = setting ? ` Installed with ${pm.name}, with \`${setting.line}\` added to .npmrc for ${setting.why}.` : ` Installed with ${pm.name}.`;
  const change = { what: `toolchain, proven by failing tests: ${what}${how}`, files: await snapshot.changed() };
  ctx.options.onEvent?.({ type: 'changed', index, change });
  return { rules, changes: [change] };
}
