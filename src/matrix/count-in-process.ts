/**
 * @module matrix/count-in-process
 * Counting tests from inside the test processes, so that a count never depends on what the outer command prints:
 * a wrapper that runs mocha once per file and prints a line a file, a script that hides its runner's output, CI
 * glue. Part of the preload (see matrix/proof), which every Node process of the run loads; at exit each process
 * appends one record to the proof file:
 * - `tests`: a mocha runner ran in this process: its passes, failures (by title path) and pending tests, read from
 *   the runner's own events; a process that loaded mocha's runner and exited non-zero before it ran (a test file
 *   that throws on load) is one failure named after the files it was given;
 * - `exit`: a leaf process (it started no child) whose main script is the project's own, with its exit code: the
 *   per-file count of last resort, for plain scripts that assert and exit.
 * A process that loaded mocha also keeps what it printed itself (the tail, up to OUTPUT_LIMIT): the failures' stacks
 * and the errors its servers logged, which a wrapper printing a line a file never shows, and without which a failure
 * names no site for the upgrade loop to act on.
 */
import type { ProofLine, TestCounts } from './types.ts';

/** The name's last part for a test process that failed before any test ran: a file that hides every test in it. */
export const LOAD_FAILURE_TITLE = 'failed before any test ran';
/** The most a test process's own output adds to its record, in characters (its last ones). */
const OUTPUT_LIMIT = 64 * 1024;

/** CommonJS, appended to the preload's source: it runs before anything else in every Node process of the run. */
export const COUNTER_SOURCE = `
if (file) {
  const Module = require('module');
  const childProcess = require('child_process');
  const cwd = process.cwd();
  const relative = (arg) => (path.isAbsolute(arg) ? path.relative(cwd, arg) : arg).split(path.sep).join('/');
  let counted = null;
  let runnerLoaded = false;
  let startedChild = false;
  // what a test process prints, from when mocha loads: the tail is where its report of the failures is
  let printed = [];
  let printedLength = 0;
  const tail = () => printed.join('').slice(-${OUTPUT_LIMIT});
  const keepPrinted = () => {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write;
      stream.write = function (chunk, ...rest) {
        if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) {
          const text = String(chunk);
          printed.push(text);
          printedLength += text.length;
          // cut back now and then, not at every write: a dot reporter writes once a test
          if (printedLength > ${2 * OUTPUT_LIMIT}) { printed = [tail()]; printedLength = printed[0].length; }
        }
        return write.call(this, chunk, ...rest);
      };
    }
  };
  // mocha's Runner, known by its shape (run() and the event constants), wherever it is installed
  const patched = new WeakSet();
  const load = Module._load;
  Module._load = function (...args) {
    const exported = load.apply(this, args);
    let isRunner = false;
    try {
      isRunner = typeof exported === 'function' && !!exported.constants && exported.constants.EVENT_TEST_PASS === 'pass'
        && !!exported.prototype && typeof exported.prototype.run === 'function';
    } catch {} // an export whose getters throw (a lazy proxy) is not mocha's
    if (isRunner && !patched.has(exported.prototype)) {
      patched.add(exported.prototype);
      if (!runnerLoaded) keepPrinted();
      runnerLoaded = true;
      const run = exported.prototype.run;
      exported.prototype.run = function (...runArgs) {
        const tally = counted || (counted = { passed: 0, failed: 0, skipped: 0, failures: [] });
        const title = (test) => (typeof test.titlePath === 'function' ? test.titlePath() : [test.title]).join(' \\u203a ');
        this.on('pass', () => { tally.passed += 1; });
        this.on('pending', () => { tally.skipped += 1; });
        this.on('fail', (test) => { tally.failed += 1; tally.failures.push(title(test)); });
        return run.apply(this, runArgs);
      };
    }
    return exported;
  };
  // a process that starts another is not a leaf: its children are the ones that test
  const noteChild = (name) => {
    const original = childProcess[name];
    const wrapper = function (...args) { startedChild = true; return original.apply(this, args); };
    // keeps util.promisify.custom of exec and execFile, so promisified calls resolve as they did
    Object.defineProperties(wrapper, Object.getOwnPropertyDescriptors(original));
    childProcess[name] = wrapper;
  };
  ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'].forEach(noteChild);
  // the files a process was given (not option values): what names it; read only where a record needs it
  const given = () => process.argv.slice(2).filter((arg) => !arg.startsWith('-') && fs.existsSync(arg)).map(relative);
  process.on('exit', (code) => {
    let record = null;
    if (counted) record = { via: 'tests', runner: 'mocha', passed: counted.passed, failed: counted.failed, skipped: counted.skipped, failures: counted.failures };
    else if (runnerLoaded && code !== 0) {
      const files = given();
      const name = (files.length ? files.join(' ') : 'mocha') + ' \\u203a ${LOAD_FAILURE_TITLE}';
      record = { via: 'tests', runner: 'mocha', passed: 0, failed: 1, skipped: 0, failures: [name] };
    } else if (!startedChild && process.argv[1]) {
      const main = path.resolve(process.argv[1]);
      const own = main.startsWith(cwd + path.sep) && !main.split(path.sep).includes('node_modules');
      if (own) record = { via: 'exit', script: [relative(main), ...given().filter((arg) => arg !== relative(main))].join(' '), code };
    }
    if (record) {
      record.pid = process.pid;
      if (printedLength) record.output = tail();
      try { fs.appendFileSync(file, JSON.stringify(record) + '\\n'); } catch {}
    }
  });
}
`;

export interface InProcessCounts {
  counts: TestCounts;
  /** The failed tests by name, sorted and without duplicates. */
  failedTests: string[];
  /** What counted: a runner's own events, or the exit codes of the project's leaf scripts (one test a script). */
  by: 'runner' | 'exit codes';
  /** What the counted test processes printed themselves, one after another ('' when none kept any). */
  output: string;
}

type CountRecord =
  | { via: 'tests'; passed: number; failed: number; skipped: number; failures: string[]; output?: string }
  | { via: 'exit'; script: string; code: number };

/** What the test processes counted, from the proof file's lines; null when no process counted anything. */
export function inProcessCounts(records: readonly (CountRecord | ProofLine)[]): InProcessCounts | null {
  const runs = records.filter((record): record is Extract<CountRecord, { via: 'tests' }> => record.via === 'tests');
  if (runs.length) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const run of runs) for (const kind of ['passed', 'failed', 'skipped'] as const) counts[kind] += run[kind];
    return { counts, failedTests: sorted(runs.flatMap((run) => run.failures)), by: 'runner', output: runs.map((run) => run.output ?? '').join('\n').trim() };
  }
  const scripts = records.filter((record): record is Extract<CountRecord, { via: 'exit' }> => record.via === 'exit');
  if (!scripts.length) return null;
  const failed = scripts.filter((script) => script.code !== 0);
  return {
    counts: { passed: scripts.length - failed.length, failed: failed.length, skipped: 0 },
    failedTests: sorted(failed.map((script) => `${script.script} › exited with ${script.code}`)),
    by: 'exit codes',
    output: '',
  };
}

function sorted(names: string[]): string[] {
  return [...new Set(names)].sort();
}
