import { describe, expect, it } from 'vitest';
import { chooseCounts, parseCounts, parseFailedTests } from './counts.ts';

describe('parseCounts', () => {
  it('reads vitest summaries, colours and all', () => {
    const output = '\u001b[2m Test Files \u001b[22m 1 failed | 2 passed (3)\n\u001b[2m      Tests \u001b[22m \u001b[31m2 failed\u001b[39m | \u001b[32m9 passed\u001b[39m | 1 skipped | 2 todo (14)\n';
    expect(parseCounts(output)).toEqual({ passed: 9, failed: 2, skipped: 3 });
  });

  it('reads jest summaries', () => {
    const output = 'Test Suites: 1 failed, 1 passed, 2 total\nTests:       1 failed, 2 skipped, 9 passed, 12 total\nSnapshots:   0 total\n';
    expect(parseCounts(output)).toEqual({ passed: 9, failed: 1, skipped: 2 });
  });

  it('reads mocha summaries', () => {
    expect(parseCounts('  7 passing (31ms)\n  1 pending\n  2 failing\n\n  1) users\n')).toEqual({ passed: 7, failed: 2, skipped: 1 });
  });

  it('reads node:test TAP and spec summaries', () => {
    const tap = '# tests 9\n# suites 2\n# pass 6\n# fail 1\n# cancelled 1\n# skipped 1\n# todo 0\n# duration_ms 12\n';
    expect(parseCounts(tap)).toEqual({ passed: 6, failed: 2, skipped: 1 });
    expect(parseCounts('ℹ tests 3\nℹ pass 3\nℹ fail 0\n')).toEqual({ passed: 3, failed: 0, skipped: 0 });
  });

  it('adds up the summaries of several runners in one output', () => {
    expect(parseCounts('  3 passing (2ms)\n# pass 4\n# fail 1\n')).toEqual({ passed: 7, failed: 1, skipped: 0 });
  });

  it("counts a summary-less TAP stream's leaf test points (node-tap in CI), not the points closing a subtest", () => {
    const tap = [
      'TAP version 13',
      '# Subtest: test/plugin.test.js',
      '    # Subtest: registers once',
      '        ok 1 - should be equal',
      '        not ok 2 - should not throw',
      '        1..2',
      '    not ok 1 - registers once # time=3ms',
      '    ok 2 - reads its name # SKIP no name',
      '    1..2',
      'not ok 1 - test/plugin.test.js # time=40ms',
      '# Subtest: test/util.test.js',
      '    ok 1 - camel case',
      '    ok 2 - kebab case # TODO later',
      '    1..2',
      'ok 2 - test/util.test.js # time=5ms',
      '1..2',
    ].join('\n');
    expect(parseCounts(tap)).toEqual({ passed: 2, failed: 1, skipped: 2 });
    expect(parseCounts('ok 1 - adds\nok 2 - subtracts\n1..2\n')).toEqual({ passed: 2, failed: 0, skipped: 0 });
  });

  it('answers null when no summary is known', () => {
    expect(parseCounts('Test Files  1 passed (1)\nall good\n')).toBeNull();
  });
});

describe('parseFailedTests', () => {
  it('names jest failures, a suite that failed to run by its file', () => {
    const output = [
      'FAIL test/users.test.js', '  ● Users › creates a user', '', '    expect(received).toBe(expected)',
      'FAIL test/boot.test.js', '  ● Test suite failed to run', '', '    TypeError: Missing parameter name at 1',
      'Tests:       1 failed, 3 passed, 4 total',
    ].join('\n');
    expect(parseFailedTests(output)).toEqual(['Users › creates a user', 'test/boot.test.js › Test suite failed to run']);
  });

  it('names vitest failures with their file', () => {
    const output = ' FAIL  test/a.test.ts > Users > creates a user\nAssertionError\n Tests  1 failed | 2 passed (3)\n';
    expect(parseFailedTests(output)).toEqual(['test/a.test.ts > Users > creates a user']);
  });

  it('names mocha failures, nested titles joined', () => {
    const output = '  2 passing (10ms)\n  2 failing\n\n  1) Users\n       GET /users\n         answers 200:\n     Error: expected 200\n\n  2) boots:\n     TypeError: x\n';
    expect(parseFailedTests(output)).toEqual(['Users › GET /users › answers 200', 'boots']);
  });

  it('names TAP failures without their directives', () => {
    expect(parseFailedTests('ok 1 - a\nnot ok 2 - b fails # TODO later\nnot ok 3 - c\n# fail 2\n')).toEqual(['b fails', 'c']);
  });

  it('answers an empty list for a green run and null for failures it cannot name', () => {
    expect(parseFailedTests('  3 passing (2ms)\n')).toEqual([]);
    expect(parseFailedTests('Failures: something odd\n  3 failing\n')).toBeNull();
  });
});

describe('chooseCounts', () => {
  const mocha = { counts: { passed: 3, failed: 1, skipped: 0 }, failedTests: ['a › b'], by: 'runner' as const, output: '' };
  const scripts = { counts: { passed: 1, failed: 0, skipped: 0 }, failedTests: [], by: 'exit codes' as const, output: '' };

  it("takes the runner's own count over an output with no summary, or with a smaller one", () => {
    expect(chooseCounts('ok   test/a.js\n', mocha)).toEqual({ counts: mocha.counts, failedTests: ['a › b'], countedBy: 'runner' });
    expect(chooseCounts('  2 passing\n', mocha).countedBy).toBe('runner');
  });

  it("keeps what the test processes printed where the command's output does not show it", () => {
    const printed = '  1 failing\n\n  1) a\n       b:\n     TypeError: Invalid status code: /pricing\n      at moved (examples/pages/moved.js:4:7)\n';
    const seen = { ...mocha, output: printed };
    expect(chooseCounts('FAIL test/a.test.js\n', seen).processOutput).toBe(printed);
    expect(chooseCounts(`ok\n${printed}`, seen)).not.toHaveProperty('processOutput');
    expect(chooseCounts('FAIL test/a.test.js\n', mocha)).not.toHaveProperty('processOutput');
  });

  it('takes the summaries where they count more than the runner saw (a second runner in the same command)', () => {
    const output = '  3 passing\n  1 failing\n\nTests:       10 passed, 10 total\n';
    expect(chooseCounts(output, mocha)).toMatchObject({ counts: { passed: 13, failed: 1, skipped: 0 }, countedBy: 'output' });
  });

  it("falls back to the project's scripts by exit code only where no summary exists, and to nothing", () => {
    expect(chooseCounts('# pass 4\n', scripts)).toMatchObject({ counts: { passed: 4, failed: 0, skipped: 0 }, countedBy: 'output' });
    expect(chooseCounts('done\n', scripts)).toEqual({ counts: scripts.counts, failedTests: [], countedBy: 'exit codes' });
    expect(chooseCounts('done\n', null)).toEqual({ counts: null, failedTests: [], countedBy: null });
  });
});
