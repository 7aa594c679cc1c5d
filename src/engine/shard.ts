/**
 * @module engine/shard
 * `--shard k/n`: the part of a run one job of a CI matrix does, the same on every machine for the same tree. Files go
 * whole workspace package by whole package (a package's files stay together, so its job reads one package.json
 * and one tsconfig), the project root's own files one by one; the largest units first, each to the least loaded
 * shard, ties by path. `straddle merge` puts the parts back into one report.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { StraddleError } from '../errors.ts';

export interface Shard {
  /** 1-based, as CI matrices count. */
  index: number;
  count: number;
}

/** `2/4` → { index: 2, count: 4 }; anything else stops the run (exit 2). */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new StraddleError(`--shard takes k/n with 1 ≤ k ≤ n (e.g. --shard 2/4), not "${value}".`, 'E_BAD_VALUE');
  }
  return { index, count };
}

/** The folder of the nearest package.json between `file` and the root (exclusive), or undefined for the root's own. */
function packageOf(root: string, file: string, known: Map<string, boolean>): string | undefined {
  for (let dir = path.dirname(file); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
    let has = known.get(dir);
    if (has === undefined) known.set(dir, (has = existsSync(path.join(dir, 'package.json'))));
    if (has) return dir;
  }
  return undefined;
}

/** Which of `items` (by their keys) fall to `shard`: units as the module says, largest first, least loaded shard. */
export function shardItems<T>(items: readonly T[], shard: Shard, unitOf: (item: T) => string): T[] {
  const units = new Map<string, T[]>();
  for (const item of items) {
    const unit = unitOf(item);
    units.set(unit, [...(units.get(unit) ?? []), item]);
  }
  const order = [...units].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : a > b ? 1 : 0));
  const load = new Array<number>(shard.count).fill(0);
  const mine: T[] = [];
  for (const [, members] of order) {
    const least = load.indexOf(Math.min(...load));
    load[least]! += members.length;
    if (least === shard.index - 1) mine.push(...members);
  }
  return mine;
}

/** The files (absolute, under `cwd`) of `shard`, in their given order. */
export function shardFiles(cwd: string, files: readonly string[], shard: Shard): string[] {
  const root = path.resolve(cwd);
  const known = new Map<string, boolean>();
  const toKey = (p: string) => path.relative(root, p).split(path.sep).join('/');
  const mine = new Set(shardItems(files, shard, (file) => toKey(packageOf(root, file, known) ?? file)));
  return files.filter((file) => mine.has(file));
}
