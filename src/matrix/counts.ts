/**
 * @module matrix/counts
 * Test counts read from a runner's closing summary: vitest, jest, mocha and node:test (TAP and spec reporters).
 * Summaries of several runs in one output (e.g. `npm test` calling two runners) are added up. TAP with no summary
 * (node-tap's raw reporter, where CI has no terminal) is counted by its test points.
 */
import { stripVTControlCharacters } from 'node:util';
import type { InProcessCounts } from './count-in-process.ts';
import type { TestCounts, VersionResult } from './types.ts';

type Kind = keyof TestCounts;

const WORDS: Record<string, Kind> = {
  passed: 'passed', passing: 'passed', pass: 'passed',
  failed: 'failed', failing: 'failed', fail: 'failed', cancelled: 'failed',
  skipped: 'skipped', pending: 'skipped', todo: 'skipped',
};

/** Each summary line, and the pattern of `<number> <word>` (or `<word> <number>`) pairs inside it. */
const SUMMARIES: { line: RegExp; pair: RegExp; numberFirst: boolean }[] = [
  // vitest: " Tests  1 failed | 4 passed | 1 skipped (6)"; jest: "Tests:       1 failed, 4 passed, 5 total"
  { line: /^\s*Tests:?\s+(\d+ .*)$/gm, pair: /(\d+) (passed|failed|skipped|todo|pending)\b/g, numberFirst: true },
  // mocha: "  4 passing (12ms)", "  1 failing", "  1 pending"
  { line: /^\s*(\d+ (?:passing|failing|pending)\b.*)$/gm, pair: /(\d+) (passing|failing|pending)\b/g, numberFirst: true },
  // node:test: "# pass 4" (TAP) or "ℹ pass 4" (spec)
  { line: /^[#ℹ] ((?:pass|fail|cancelled|skipped|todo) \d+)\s*$/gm, pair: /(pass|fail|cancelled|skipped|todo) (\d+)/g, numberFirst: false },
];

/** null when the output has no summary this module knows. */
export function parseCounts(rawOutput: string): TestCounts | null {
  const output = stripVTControlCharacters(rawOutput);
  const counts: TestCounts = { passed: 0, failed: 0, skipped: 0 };
  let found = false;
  for (const summary of SUMMARIES) {
    for (const [, line] of output.matchAll(summary.line)) {
      for (const pair of line.matchAll(summary.pair)) {
        const [word, count] = summary.numberFirst ? [pair[2], pair[1]] : [pair[1], pair[2]];
        counts[WORDS[word]] += Number(count);
        found = true;
      }
    }
  }
  return found ? counts : tapTestPoints(output);
}

/** A TAP test point: indentation, `ok`/`not ok`, and its directive (`# SKIP`, `# TODO`) if any. */
const TEST_POINT = /^(\s*)(not )?ok \d+\b[^#\n]*(?:#\s*(\w+))?.*$/;

/**
 * The leaf test points of a TAP stream: a subtest's own closing point (the line right after its indented block) sums
 * up the points inside it, so only points not closing a block count. null without any test point.
 */
function tapTestPoints(output: string): TestCounts | null {
  const counts: TestCounts = { passed: 0, failed: 0, skipped: 0 };
  let found = false;
  let previousIndent = -1;
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    const point = TEST_POINT.exec(line);
    if (point && indent >= previousIndent) {
      found = true;
      const directive = point[3]?.toUpperCase();
      if (directive === 'SKIP' || directive === 'TODO') counts.skipped++;
      else counts[point[2] ? 'failed' : 'passed']++;
    }
    previousIndent = indent;
  }
  return found ? counts : null;
}

/** Lines that name one failed test, per runner; the first group is its identity. */
const FAILED_TEST_LINES: RegExp[] = [
  // jest: "  ● Users › creates a user" (also "● Test suite failed to run", kept with its file below)
  /^\s*● (.+?)\s*$/gm,
  // vitest: " FAIL  test/users.test.ts > Users > creates a user"
  /^\s*FAIL\s+(\S+\s+>\s+.+?)\s*$/gm,
  // TAP (node:test, tap, tape): "not ok 3 - creates a user"
  /^\s*not ok \d+ - (.+?)\s*(?:#.*)?$/gm,
];

/** mocha's failure list: "  1) Users\n       creates a user:\n" — the title runs until the line ending with a colon. */
const MOCHA_FAILURE = /^\s*\d+\) ((?:.*\n){0,6}?.*?):\s*$/gm;

/**
 * The identity of every failed test the output names (jest, vitest, mocha's spec reporter, TAP), sorted and
 * without duplicates; null when the output names none although the summary counted failures (unknown format).
 */
export function parseFailedTests(rawOutput: string): string[] | null {
  const output = stripVTControlCharacters(rawOutput);
  const names = new Set<string>();
  let suiteFile = '';
  for (const line of output.split('\n')) {
    const file = /^\s*FAIL\s+(\S+)\s*$/.exec(line);
    if (file) suiteFile = file[1]!;
    if (/^\s*● Test suite failed to run/.test(line)) names.add(`${suiteFile} › Test suite failed to run`);
  }
  for (const pattern of FAILED_TEST_LINES) {
    for (const [, name] of output.matchAll(pattern)) if (!name!.startsWith('Test suite failed to run')) names.add(name!);
  }
  for (const [, title] of output.matchAll(MOCHA_FAILURE)) names.add(title!.split('\n').map((part) => part.trim()).join(' › '));
  const counted = parseCounts(rawOutput);
  if (names.size === 0 && counted && counted.failed > 0) return null;
  return [...names].sort();
}

/**
 * The counts of one run: what its test processes counted from inside (see matrix/count-in-process) where they saw
 * at least as many tests as the output's summaries (a second runner mocha is not, e.g. `mocha && jest`, is only
 * in the output), else the summaries, else the exit codes of the project's own scripts, one test a script.
 */
export function chooseCounts(output: string, inProcess: InProcessCounts | null): Pick<VersionResult, 'counts' | 'failedTests' | 'countedBy' | 'processOutput'> {
  const parsed = parseCounts(output);
  const total = (counts: TestCounts) => counts.passed + counts.failed + counts.skipped;
  if (inProcess?.by === 'runner' && (!parsed || total(inProcess.counts) >= total(parsed))) {
    return { counts: inProcess.counts, failedTests: inProcess.failedTests, countedBy: 'runner', ...hidden(output, inProcess) };
  }
  if (parsed || !inProcess) return { counts: parsed, failedTests: parseFailedTests(output), countedBy: parsed ? 'output' : null };
  return { counts: inProcess.counts, failedTests: inProcess.failedTests, countedBy: inProcess.by, ...hidden(output, inProcess) };
}

/** The test processes' own output, where the command's output does not already hold it (a wrapper hid it). */
function hidden(output: string, inProcess: InProcessCounts): Pick<VersionResult, 'processOutput'> {
  const kept = inProcess.output;
  return kept && !output.includes(kept.slice(-200)) ? { processOutput: kept } : {};
}
