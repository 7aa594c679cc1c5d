import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { StraddleError } from '../errors.ts';
import { sweepLeftovers, writeBlock, writeUserFile } from './write-file.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'straddle-write-'));
});
const at = (name: string) => path.join(root, name);

describe('writeUserFile', () => {
  it('replaces a file atomically, keeping its mode, and leaves no temp file', () => {
    writeFileSync(at('app.js'), 'old');
    chmodSync(at('app.js'), 0o751);
    const inode = statSync(at('app.js')).ino;
    writeUserFile(at('app.js'), 'new', root);
    expect(readFileSync(at('app.js'), 'utf8')).toBe('new');
    expect(statSync(at('app.js')).mode & 0o777).toBe(0o751);
    expect(statSync(at('app.js')).ino).not.toBe(inode); // renamed over, never half-written
    expect(readdirSync(root)).toEqual(['app.js']);
  });

  it('writes through a hard link: every link sees the new content, and stays a link', () => {
    writeFileSync(at('app.js'), 'old content, longer than the new one');
    linkSync(at('app.js'), at('copy.txt'));
    writeUserFile(at('app.js'), 'new', root);
    expect(readFileSync(at('copy.txt'), 'utf8')).toBe('new');
    expect(statSync(at('app.js')).ino).toBe(statSync(at('copy.txt')).ino);
    expect(statSync(at('app.js')).nlink).toBe(2);
  });

  it('writes a symlink inside the project through to its target, and keeps the link', () => {
    writeFileSync(at('app.js'), 'old');
    symlinkSync('app.js', at('alias.js'));
    writeUserFile(at('alias.js'), 'new', root);
    expect(readFileSync(at('app.js'), 'utf8')).toBe('new');
    expect(lstatSync(at('alias.js')).isSymbolicLink()).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['alias.js', 'app.js']);
  });

  it('refuses a read-only file and a link out of the project, and says why', () => {
    writeFileSync(at('locked.js'), 'old');
    chmodSync(at('locked.js'), 0o444);
    const outside = mkdtempSync(path.join(tmpdir(), 'straddle-outside-'));
    writeFileSync(path.join(outside, 'lib.js'), 'theirs');
    symlinkSync(path.join(outside, 'lib.js'), at('lib.js'));

    expect(writeBlock(at('locked.js'), root)).toEqual({ kind: 'read-only', message: 'read-only: not written' });
    expect(writeBlock(at('lib.js'), root)).toMatchObject({ kind: 'outside', message: expect.stringMatching(/outside the project: not written$/) });
    expect(() => writeUserFile(at('locked.js'), 'new', root)).toThrow(StraddleError);
    expect(() => writeUserFile(at('lib.js'), 'new', root)).toThrow(/outside the project/);
    expect(readFileSync(at('locked.js'), 'utf8')).toBe('old');
    expect(readFileSync(path.join(outside, 'lib.js'), 'utf8')).toBe('theirs');
  });

  it('creates a file that is not there yet, inside the project only', () => {
    writeUserFile(at('x.js'), 'x', root);
    expect(readFileSync(at('x.js'), 'utf8')).toBe('x');
    expect(() => writeUserFile(path.join(root, '..', 'escaped.js'), 'x', root)).toThrow(/outside the project/);
  });
});

describe('sweepLeftovers', () => {
  it("removes only straddle's own temp files of a dead run, outside node_modules and .git", () => {
    mkdirSync(at('src'));
    mkdirSync(at('node_modules'));
    const dead = ['.app.js.straddle-999999-0.tmp', 'src/.index.ts.straddle-999999-12.tmp'];
    const kept = ['app.js', 'src/app.js.straddle-999999-0.tmp', '.app.js.straddle-x-0.tmp', 'node_modules/.a.js.straddle-999999-0.tmp'];
    for (const file of [...dead, ...kept]) writeFileSync(at(file), '');
    // a temp file of a live process (this one stands in for another run) is a write in progress
    const live = `.b.js.straddle-${process.ppid}-0.tmp`;
    writeFileSync(at(live), '');

    expect(sweepLeftovers(root).sort()).toEqual(dead.map(at).sort());
    for (const file of [...kept, live]) expect(existsSync(at(file)), file).toBe(true);

    // unless it is too old to be one
    utimesSync(at(live), new Date(0), new Date(0));
    expect(sweepLeftovers(root)).toEqual([at(live)]);
  });
});
