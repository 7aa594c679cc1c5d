/**
 * @module engine/shard-set
 * The reports `straddle merge` is given must be the parts of one run: each shard of the same count there, and (where
 * a part may not be counted twice) each once.
 */
import { StraddleError } from '../errors.ts';
import type { Shard } from './shard.ts';

export function assertShardSet(shards: ReadonlyArray<Shard | undefined>, options: { once: boolean }): void {
  if (shards.some((shard) => !shard)) {
    throw new StraddleError('merge takes the JSON reports of runs made with --shard k/n; one of them was not sharded.', 'E_SHARDS');
  }
  const counts = new Set(shards.map((shard) => shard!.count));
  if (counts.size > 1) throw new StraddleError(`These reports come from different splits (--shard …/${[...counts].join(', …/')}).`, 'E_SHARDS');
  const count = [...counts][0]!;
  const seen = shards.map((shard) => shard!.index);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !seen.includes(index));
  if (missing.length) throw new StraddleError(`Shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: the merged verdict would leave part of the run out.`, 'E_SHARDS');
  const twice = seen.find((index, i) => seen.indexOf(index) !== i);
  if (options.once && twice !== undefined) throw new StraddleError(`Shard ${twice}/${count} is given twice: its findings would count twice.`, 'E_SHARDS');
}
