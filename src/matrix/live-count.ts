/**
 * @module matrix/live-count
 * Tests done so far, read off a suite's output as it arrives, for a progress line: the per-test marks the common
 * reporters print (mocha's spec, node:test, tap, ava, jest --verbose: `✓ title`, `✔ title`, `ok 3 - title`,
 * `1) title`, `✗`/`×` for failures) and vitest's and jest's per-file lines with their count (`✓ file (12 tests)`).
 * An estimate, not a count: the verdict's counts come from the finished run (matrix/counts, count-in-process).
 */

const MARK = /^\s*(?:[✓✔√]|[✗✖×]|(?:not )?ok \d+\b|\d+\) )/u;
const FILE_COUNT = /\((\d+) tests?\b/;

export class LiveCount {
  private partial = '';
  tests = 0;

  /** Reads a chunk of output (lines may be cut between chunks). */
  add(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop()!;
    for (const raw of lines) {
      // eslint-disable-next-line no-control-regex
      const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
      if (!MARK.test(line)) continue;
      const perFile = FILE_COUNT.exec(line);
      this.tests += perFile ? Number(perFile[1]) : 1;
    }
  }
}
