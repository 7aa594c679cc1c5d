/**
 * One run at a time in a work folder: two runs in one folder build, install and test in the same project folders and
 * time each other's processes, and the table they leave is wrong without saying so.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { isRunning } from '../../src/engine/write-file.ts';

export const LOCK_FILE = '.realworld.lock';

/** Takes `dir` for this process until it exits (or until the returned function is called); refuses a folder in use. */
export function lockWorkDir(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  // twice at most: the second try follows the removal of a lock its holder left when it died
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => {
        process.off('exit', release);
        rmSync(file, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = holderOf(file);
      if (holder !== undefined && isRunning(holder)) throw new Error(`Another run (pid ${holder}) is working in ${dir}: wait for it, or give this one a STRADDLE_REALWORLD_DIR of its own.`);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take ${file}: another run keeps taking it.`);
}

function holderOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
