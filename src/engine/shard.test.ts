import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShard, shardFiles, shardItems } from './shard.ts';

describe('parseShard', () => {
  it('reads k/n as CI matrices count, from 1', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1/1 ')).toEqual({ index: 1, count: 1 });
  });

  it.each(['0/2', '3/2', '1/0', '2', '1/2/3', 'a/b', '-1/2', ''])('refuses %j with what it takes', (value) => {
    expect(() => parseShard(value)).toThrow(/--shard takes k\/n with 1 ≤ k ≤ n/);
  });
});

describe('shardItems', () => {
  const items = Array.from({ length: 37 }, (_, i) => `file-${String(i).padStart(2, '0')}`);
  const unitOf = (item: string) => `unit-${Number(item.slice(5)) % 7}`;

  it('gives every item to exactly one shard, whatever the count', () => {
    for (const count of [1, 2, 3, 4, 7, 50]) {
      const parts = Array.from({ length: count }, (_, i) => shardItems(items, { index: i + 1, count }, unitOf));
      expect(parts.flat().sort(), `n=${count}`).toEqual(items);
    }
  });

  it('keeps a unit together and balances the shards by size', () => {
    const parts = [1, 2, 3].map((index) => shardItems(items, { index, count: 3 }, unitOf));
    for (const part of parts) {
      const units = new Set(part.map(unitOf));
      for (const unit of units) expect(part.filter((item) => unitOf(item) === unit)).toEqual(items.filter((item) => unitOf(item) === unit));
    }
    const sizes = parts.map((part) => part.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(6); // at most one unit apart
  });

  it('is the same for the same items in another order (every CI job lists the files its own way)', () => {
    const shuffled = [...items].reverse();
    for (const index of [1, 2, 3, 4]) {
      expect(shardItems(shuffled, { index, count: 4 }, unitOf).sort()).toEqual(shardItems(items, { index, count: 4 }, unitOf).sort());
    }
  });
});

describe('shardFiles', () => {
  it('splits by workspace package first, the root files one by one', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'straddle-shard-'));
    const write = (file: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), '');
      return path.join(root, file);
    };
    write('package.json');
    write('packages/api/package.json');
    write('packages/web/package.json');
    const files = ['packages/api/a.js', 'packages/api/src/b.js', 'packages/api/src/deep/c.js', 'packages/web/d.js', 'scripts/e.js', 'f.js'].map(write);
    const parts = [1, 2, 3].map((index) => shardFiles(root, files, { index, count: 3 }).map((file) => path.relative(root, file)));
    expect(parts.flat().sort()).toEqual(files.map((file) => path.relative(root, file)).sort());
    const api = parts.find((part) => part.includes('packages/api/a.js'))!;
    expect(api).toEqual(expect.arrayContaining(['packages/api/src/b.js', 'packages/api/src/deep/c.js']));
    // the largest unit alone: three files of one package against one each
    expect(api).toHaveLength(3);
  });
});
