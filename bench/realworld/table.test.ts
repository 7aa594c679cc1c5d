import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingCoverage, parseTable, selectProjects, type Project } from './_table.ts';

const row = (over: Partial<Project> = {}): Project => ({
  name: 'basic-auth', repo: 'someone/basic-auth', commit: 'a'.repeat(40), pm: 'npm', test: 'npm test',
  kind: 'control', traits: ['library'], ...over,
});

describe('parseTable', () => {
  it('accepts a well-formed row', () => {
    expect(parseTable(JSON.stringify([row()]))).toEqual([row()]);
  });

  it('lists every problem at once, naming the row', () => {
    const text = JSON.stringify([
      row({ commit: 'abc', kind: 'maybe' as Project['kind'] }),
      row({ name: 'basic-auth', pm: 'bun', traits: ['shiny'] }),
      { name: 'x' },
    ]);
    expect(() => parseTable(text)).toThrowError(/row 1 \(basic-auth\): 'commit' must be 40 hex digits[\s\S]*kind must be target or control[\s\S]*row 2 \(basic-auth\): duplicate name[\s\S]*pm must be[\s\S]*unknown trait 'shiny'[\s\S]*row 3 \(x\): 'repo' is required/);
  });

  it('rejects a table that is not a list', () => {
    expect(() => parseTable('{}')).toThrowError(/JSON array/);
  });

  it('keeps pinned package managers and generated-lockfile dates checked', () => {
    expect(parseTable(JSON.stringify([row({ pm: 'pnpm@8.15.9', before: '2024-01-02' })]))[0]!.pm).toBe('pnpm@8.15.9');
    expect(() => parseTable(JSON.stringify([row({ before: 'yesterday' })]))).toThrowError(/'before' must be a date/);
  });
});

describe('selectProjects', () => {
  const table = [row({ name: 'a' }), row({ name: 'b' }), row({ name: 'c' })];
  it('keeps table order and every row when none is named', () => {
    expect(selectProjects(table, { names: ['c', 'a'] }).map((p) => p.name)).toEqual(['a', 'c']);
    expect(selectProjects(table, {})).toHaveLength(3);
  });
  it('names unknown projects', () => {
    expect(() => selectProjects(table, { names: ['a', 'zz'] })).toThrowError(/No project named zz/);
  });
  it('takes one kind, and one shard of it: every row in exactly one shard', () => {
    const target = (name: string) => row({ name, kind: 'target' });
    const mixed = [target('a'), row({ name: 'b' }), target('c'), target('d'), target('e')];
    expect(selectProjects(mixed, { kind: 'control' }).map((p) => p.name)).toEqual(['b']);
    const shards = [1, 2, 3].map((k) => selectProjects(mixed, { shard: `${k}/3` }).map((p) => p.name));
    expect(shards).toEqual([['a', 'd'], ['b', 'e'], ['c']]);
    expect(selectProjects(mixed, { kind: 'target', shard: '2/2' }).map((p) => p.name)).toEqual(['c', 'e']);
    expect(() => selectProjects(mixed, { shard: '4/3' })).toThrowError(/--shard must be k\/n/);
    expect(() => selectProjects(mixed, { kind: 'app' })).toThrowError(/--kind must be target or control/);
  });
});

describe('missingCoverage', () => {
  it('names what a small set lacks', () => {
    expect(missingCoverage([row()])).toEqual(expect.arrayContaining(['at least 10 projects', 'at least 4 targets', 'a workspaces monorepo']));
  });

  it('the committed table covers everything the proving ground needs', () => {
    const table = parseTable(readFileSync(path.join(import.meta.dirname, 'projects.json'), 'utf8'));
    expect(missingCoverage(table)).toEqual([]);
  });
});
