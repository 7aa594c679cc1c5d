/**
 * @module matrix/merge
 * The `test --shard k/n --json` reports of a CI job matrix as one verdict. Shards split the versions; a version
 * can come in several parts too, when its suite was sharded by its own runner inside the command (`-- npx vitest
 * run --shard=1/3`): the parts of one version add up (counts summed, failures joined), and it passes only if each did.
 */
import { StraddleError } from '../errors.ts';
import { assertShardSet } from '../engine/shard-set.ts';
import type { MatrixJson } from '../reporters/machine.ts';
import { failingOnAll } from './run-matrix.ts';
import type { LoadedPackage, VersionResult } from './types.ts';

export function mergeMatrixReports(parts: readonly MatrixJson[]): MatrixJson {
  assertShardSet(parts.map((part) => part.shard), { once: false });
  const sorted = [...parts].sort((a, b) => a.shard!.index - b.shard!.index);
  const byVersion = new Map<string, VersionResult[]>();
  for (const result of sorted.flatMap((part) => part.results)) byVersion.set(result.requested, [...(byVersion.get(result.requested) ?? []), result]);
  const results = [...byVersion.values()].map(joinParts);
  const { shard: _shard, ...first } = sorted[0]!;
  return {
    ...first,
    ok: results.every((result) => result.ok),
    durationMs: Math.max(...sorted.map((part) => part.durationMs)),
    results,
    failingOnAll: failingOnAll(results),
  };
}

/** One version's result from the parts its suite ran in. */
function joinParts(parts: VersionResult[]): VersionResult {
  const [first] = parts as [VersionResult, ...VersionResult[]];
  if (parts.length === 1) return first;
  const resolved = new Set(parts.map((part) => part.resolved));
  if (resolved.size > 1) {
    throw new StraddleError(`The parts of version ${first.requested} ran different releases (${[...resolved].join(', ')}): rerun them on one.`, 'E_SHARDS');
  }
  const all = <T>(of: (part: VersionResult) => T | null): T[] | null => (parts.every((part) => of(part) !== null) ? parts.map((part) => of(part)!) : null);
  const counts = all((part) => part.counts);
  const failed = all((part) => part.failedTests);
  const joined = (of: (part: VersionResult) => string | null | undefined) => [...new Set(parts.map(of).filter(Boolean))].join('\n') || null;
  const loadedAll = new Map<string, LoadedPackage>(parts.flatMap((part) => part.loadedAll.map((p) => [`${p.version} ${p.path}`, p] as const)));
  return {
    ...first,
    loaded: parts.find((part) => part.loaded)?.loaded ?? null,
    loadedAll: [...loadedAll.values()],
    ok: parts.every((part) => part.ok),
    exitCode: parts.find((part) => part.exitCode !== 0)?.exitCode ?? 0,
    counts: counts && { passed: sum(counts, 'passed'), failed: sum(counts, 'failed'), skipped: sum(counts, 'skipped') },
    failedTests: failed && [...new Set(failed.flat())].sort(),
    durationMs: Math.max(...parts.map((part) => part.durationMs)),
    output: parts.map((part, i) => `── part ${i + 1} of ${parts.length} ──\n${part.output}`).join('\n'),
    ...(parts.some((part) => part.processOutput) && { processOutput: joined((part) => part.processOutput) ?? '' }),
    failure: joined((part) => part.failure),
    note: joined((part) => part.note),
    ...(parts.some((part) => part.rerunAlone) && { rerunAlone: true }),
  };
}

const sum = (counts: ReadonlyArray<{ passed: number; failed: number; skipped: number }>, key: 'passed' | 'failed' | 'skipped') =>
  counts.reduce((total, c) => total + c[key], 0);
