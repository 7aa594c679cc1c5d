/**
 * @module upgrade/stages/rewrite
 * The fix round: every rule over the project in one run, the files a failure or a shim warning proved rewritten
 * with their handler-named receivers too, and the findings it leaves open.
 */
import path from 'node:path';
import { discoverFiles } from '../../engine/discover.ts';
import { runPack, type RunReport } from '../../engine/run.ts';
import type { Finding } from '../../rule.ts';
import { planActions } from '../diagnose.ts';
import { exclusions, unique, type Changes, type LoopContext, type LoopState } from './state.ts';

export async function rewrite(ctx: LoopContext, state: LoopState, changes: Changes): Promise<void> {
  const { pack, cwd, options } = ctx;
  const fresh = (f: string) => !state.assumed.has(f) && !state.excluded.has(f);
  // what the ratchet excluded is only scanned (whole files, or rules in a file); the findings are those of the text
  // the run leaves (the open ones)
  const excluded = exclusions(ctx, state);
  const targeted = [...state.pending.assumeHandlerFiles].filter(fresh);
  targeted.forEach((f) => state.assumed.add(f));
  const discovered = await discoverFiles(cwd);
  const fixed = await runPack(pack, {
    cwd,
    fix: true,
    assumeHandlers: options.assumeHandlers,
    files: unique([...discovered, ...targeted.map((f) => path.join(cwd, f))]),
    ...excluded,
    assumeHandlersIn: targeted.map((f) => path.join(cwd, f)),
    evidence: [...state.pending.evidenceRules],
  });
  const [rewrote, proven] = splitProven(fixed, new Set(options.assumeHandlers ? [] : targeted));
  changes.addFix(rewrote, 'rewrote into forms that behave the same on both majors');
  const provenWhy = `a failing test or a shim warning proved these receivers are ${ctx.framework} objects, so rewrote them too`;
  changes.addFix(proven, provenWhy);
  state.openFindings = fixed.findings.filter((f) => !f.fixed);
  // the first round planned before any findings existed: a site the evidence proves, found only now, is rewritten now
  const late = [...planActions(pack, state.diagnosis, state.openFindings).assumeHandlerFiles].filter(fresh);
  if (!changes.none || !late.length) return;
  late.forEach((f) => state.assumed.add(f));
  const again = await runPack(pack, { cwd, fix: true, assumeHandlers: true, files: late.map((f) => path.join(cwd, f)), reportOnlyIn: excluded.reportOnlyIn });
  changes.addFix(again, provenWhy);
  state.openFindings = [...state.openFindings.filter((f) => !late.includes(f.file)), ...again.findings.filter((f) => !f.fixed)];
}

/**
 * A run that rewrote `targeted` files with their handler-named receivers too, as the two runs it stands for: what
 * the other files and the sure receivers took (and package.json, and the helpers), and what only the proof allowed.
 */
export function splitProven(report: RunReport, targeted: ReadonlySet<string>): [RunReport, RunReport] {
  const proven = (f: Finding) => f.fixed && f.confidence === 'low' && targeted.has(f.file);
  const sure = new Set(report.findings.filter((f) => f.fixed && !proven(f)).map((f) => f.file));
  const byProof = new Set(report.findings.filter(proven).map((f) => f.file));
  return [
    { ...report, changed: report.changed.filter((file) => !targeted.has(file) || sure.has(file)), findings: report.findings.filter((f) => !proven(f)) },
    { ...report, changed: report.changed.filter((file) => byProof.has(file)), findings: report.findings.filter(proven) },
  ];
}
