/**
 * @module cli/_progress
 * A one-line "files done / total" counter on stderr for long runs in a terminal; silent in pipes and CI logs.
 * Ten lines do not justify a progress-bar dependency.
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
