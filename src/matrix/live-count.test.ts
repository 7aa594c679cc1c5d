import { describe, expect, it } from 'vitest';
import { LiveCount } from './live-count.ts';

const count = (...chunks: string[]) => {
  const live = new LiveCount();
  for (const chunk of chunks) live.add(chunk);
  return live.tests;
};

describe('LiveCount', () => {
  it("reads the common reporters' per-test marks", () => {
    expect(count('  cart\n    ✓ adds an item\n    ✔ removes it (4ms)\n    1) totals the price\n')).toBe(3); // mocha spec
    expect(count('TAP version 13\nok 1 - parses\nnot ok 2 - rejects\n# tests 2\n')).toBe(2); // tap, node:test
    expect(count('  \x1b[32m✓\x1b[39m \x1b[2mcolours\x1b[22m\n')).toBe(1);
  });

  it("counts a file's tests where the reporter prints a line a file (vitest, jest)", () => {
    expect(count(' ✓ test/cart.test.ts (12 tests) 40ms\n ✓ test/auth.test.ts (1 test) 3ms\n')).toBe(13);
  });

  it('takes a line cut between two chunks once, and leaves summaries alone', () => {
    expect(count('    ✓ adds an it', 'em\n    ✓ second\n')).toBe(2);
    expect(count('  3 passing (20ms)\nTests:       3 passed, 3 total\n')).toBe(0);
  });
});
