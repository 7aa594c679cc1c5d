/**
 * @module cli/_progress
 * One line on stderr that rewrites itself in a terminal during long runs: a "files done / total" counter, or a
 * status (phase, version, time, an estimate); silent in pipes and CI logs. Ten lines do not justify a progress-bar
 * dependency.
 */
export function createProgress(stream: NodeJS.WriteStream, minTotal = 500) {
  let last = 0;
  const enabled = !!stream.isTTY && !process.env.CI;
  return {
    update(done: number, total: number) {
      if (!enabled || total < minTotal || (Date.now() - last < 100 && done < total)) return;
      last = Date.now();
      stream.write(`\r\x1b[2K  ${done}/${total} files (${Math.round((done / total) * 100)}%)`);
    },
    done() {
      if (enabled && last) stream.write('\r\x1b[2K');
    },
  };
}

/** A status line: `show` replaces what it showed, `clear` takes it away before other output is printed. */
export function createStatus(stream: NodeJS.WriteStream = process.stderr) {
  const enabled = !!stream.isTTY && !process.env.CI;
  let shown = false;
  return {
    show(text: string) {
      if (!enabled) return;
      stream.write(`\r\x1b[2K${text.slice(0, Math.max(20, (stream.columns || 100) - 1))}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
