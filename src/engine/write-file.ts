/**
 * @module engine/write-file
 * Writes a user's file so that only its content changes. Atomic (a temp file beside it, renamed over it, with its
 * mode and owner), except through hard links, where the file is overwritten in place so every link sees the change.
 * Never outside the project (a symlink out of it), never over a file its owner marked read-only. Temp files carry a
 * name only straddle uses, so the leftovers of a killed run can be swept.
 */
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { StraddleError } from '../errors.ts';

/** Why a file is not written: kinds a run reports next to parse errors. */
export interface WriteBlock {
  kind: 'read-only' | 'outside';
  message: string;
}

/** `.<basename>.straddle-<pid>-<n>.tmp`, in the file's own folder (a rename cannot cross file systems). */
const TEMP_NAME = /^\..+\.straddle-(\d+)-\d+\.tmp$/;
/** A temp file this old is no write in progress, whatever process now has its pid. */
const STALE_MS = 60_000;
const SWEEP_SKIPS = new Set(['node_modules', '.git']);

let counter = 0;

/** Whether `file` is under `root` (both real paths). */
export function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** Why `file` must not be written, or undefined when it may. */
export function writeBlock(file: string, root: string): WriteBlock | undefined {
  return _check(file, root).block;
}

/** Replaces the content of `file`, under `root`; throws when `writeBlock` forbids it. */
export function writeUserFile(file: string, data: string | Uint8Array, root: string): void {
  const { block, target } = _check(file, root);
  if (block) {
    throw new StraddleError(`${path.relative(root, file)}: ${block.message}`, block.kind === 'read-only' ? 'E_READ_ONLY' : 'E_OUTSIDE_PROJECT');
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const stat = statSync(target, { throwIfNoEntry: false });
  if (stat && stat.nlink > 1) _writeInPlace(target, bytes);
  else _writeAtomic(target, bytes, stat);
}

/**
 * Removes the temp files a killed straddle run left under `root` (node_modules and .git apart), so the next run does
 * not see them as uncommitted changes. Only names of our own pattern; not those of a write still in progress.
 */
export function sweepLeftovers(root: string): string[] {
  const removed: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !SWEEP_SKIPS.has(entry.name)) walk(full);
      else if (entry.isFile() && _isLeftover(full, entry.name)) {
        unlinkSync(full);
        removed.push(full);
      }
    }
  };
  walk(root);
  return removed;
}

// --- internal ---

/** The real path a write of `file` lands on (its parent's, for a file not there yet), and whether it may. */
function _check(file: string, root: string): { target: string; block?: WriteBlock } {
  const target = _realPath(file);
  if (!isInside(_realPath(root), target)) return { target, block: { kind: 'outside', message: `links to ${target}, outside the project: not written` } };
  const stat = statSync(target, { throwIfNoEntry: false });
  // mode bits, not access(): root may write anything, and a user's 0444 still means "do not touch"
  if (stat && !(stat.mode & 0o222)) return { target, block: { kind: 'read-only', message: 'read-only: not written' } };
  return { target };
}

function _realPath(file: string): string {
  try {
    return realpathSync.native(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const link = lstatSync(file, { throwIfNoEntry: false });
    // a dangling link is written where it points, or the rename would replace the link itself
    if (link?.isSymbolicLink()) return _realPath(path.resolve(path.dirname(file), readlinkSync(file)));
    const parent = path.dirname(file);
    return parent === file ? file : path.join(_realPath(parent), path.basename(file));
  }
}

function _writeAtomic(target: string, bytes: Uint8Array, stat: Stats | undefined): void {
  const { fd, temp } = _openTemp(target, stat ? stat.mode & 0o7777 : 0o666);
  try {
    try {
      if (stat) {
        fchmodSync(fd, stat.mode & 0o7777); // the umask applied at open
        if (process.getuid?.() === 0) fchownSync(fd, stat.uid, stat.gid);
      }
      writeFileSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function _openTemp(target: string, mode: number): { fd: number; temp: string } {
  for (;;) {
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.straddle-${process.pid}-${counter++}.tmp`);
    try {
      return { fd: openSync(temp, 'wx', mode), temp };
    } catch (error) {
      // worker threads share the pid and each counts from 0
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Overwrites then truncates the one inode all the links share (never an empty file in between). */
function _writeInPlace(target: string, bytes: Uint8Array): void {
  const fd = openSync(target, 'r+');
  try {
    writeFileSync(fd, bytes);
    ftruncateSync(fd, bytes.byteLength);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function _isLeftover(file: string, name: string): boolean {
  const pid = Number(TEMP_NAME.exec(name)?.[1] ?? 0);
  if (!pid) return false;
  if (pid === process.pid || !isRunning(pid)) return true;
  return Date.now() - statSync(file).mtimeMs > STALE_MS;
}

/** Whether a process with this pid lives (EPERM: it does, as another user's). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
