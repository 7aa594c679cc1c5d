/**
 * @module engine/merge
 * The scan or fix reports of a run's shards (`--shard k/n --json`) as the one report the whole run would have
 * given: every file is in exactly one shard, so the per-file lists are the shards' lists in file order, and what
 * is the project's as a whole (package.json checks, discovery's skipped files) comes from shard 1.
 */
import { StraddleError } from '../errors.ts';
import type { RunReport } from './run.ts';
import { assertShardSet } from './shard-set.ts';

const byFile = <T extends { file: string }>(a: T, b: T) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

export function mergeRunReports(parts: readonly RunReport[]): RunReport {
  assertShardSet(parts.map((part) => part.shard), { once: true });
  const sorted = [...parts].sort((a, b) => a.shard!.index - b.shard!.index);
  const first = sorted[0]!;
  for (const part of sorted) {
    if (part.pack !== first.pack || part.mode !== first.mode || part.dryRun !== first.dryRun) {
      throw new StraddleError(`Shard ${part.shard!.index} is a ${part.pack} ${part.mode} run, shard 1 a ${first.pack} ${first.mode} run: not parts of one run.`, 'E_SHARDS');
    }
  }
  // project findings and patch come last in each part (engine/run); the file ones merge in file order
  const fileFindings = sorted.flatMap((part) => part.findings.slice(0, part.findings.length - part.project.findings.length)).sort(byFile);
  const filePatches = sorted.flatMap((part) => (part.project.patch ? part.patches.slice(0, -1) : part.patches));
  const typed = sorted.filter((part) => part.typed);
  const { shard: _shard, ...base } = first;
  return {
    ...base,
    files: sum(sorted, (part) => part.files),
    parsed: sum(sorted, (part) => part.parsed),
    changed: [...new Set(sorted.flatMap((part) => part.changed))].sort(),
    findings: [...fileFindings, ...first.project.findings],
    errors: sorted.flatMap((part) => part.errors).sort(byFile),
    minified: sorted.flatMap((part) => part.minified).sort(),
    patches: [...filePatches, ...(first.project.patch ? [first.project.patch] : [])],
    unsettled: sorted.flatMap((part) => part.unsettled).sort(byFile),
    typed: typed.length ? { files: sum(typed, (part) => part.typed!.files), durationMs: sum(typed, (part) => part.typed!.durationMs) } : null,
    // the shards ran side by side: the run took as long as its slowest
    durationMs: Math.max(...sorted.map((part) => part.durationMs)),
  };
}

const sum = <T>(items: readonly T[], of: (item: T) => number) => items.reduce((total, item) => total + of(item), 0);
