/**
 * @module upgrade/stack-depth
 * The loop runs tests with deeper stacks than V8's default ten frames, so that a throw deep inside a framework still
 * shows the project frame that called it. That depth is observable: code that reads stacks (cuts frames, counts them,
 * names the caller) can pass or fail by it, and then the loop's verdict would differ from the project's own run. So
 * the deeper stacks are used only in projects whose code never reads a stack.
 */
import { readFile } from 'node:fs/promises';

const READS_STACKS = /\bstackTraceLimit\b|\bprepareStackTrace\b|\bcaptureStackTrace\b|\.getFileName\(|\.stack\b\s*\)?\s*\.split\(/;

/** NODE_OPTIONS for the test runs: the caller's, plus a deep stack limit unless one of `files` reads stacks. */
export async function testNodeOptions(files: readonly string[], inherited = process.env.NODE_OPTIONS): Promise<string | undefined> {
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (READS_STACKS.test(text)) return inherited;
  }
  return [inherited, '--stack-trace-limit=100'].filter(Boolean).join(' ');
}
