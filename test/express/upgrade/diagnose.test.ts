import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pack from '../../../codemods/express/index.ts';
import type { MatrixReport, VersionResult } from '../../../src/matrix/index.ts';
import type { Finding } from '../../../src/rule.ts';
import { countLoadFailures, diagnose, findFailures, loadErrors, planActions, readWarnings, toProjectFile } from '../../../src/upgrade/diagnose.ts';

const files = ['src/app.js', 'src/routes/users.js', 'test/users.test.js'];

// What jest prints when a route registration throws on Express 5, seen from the matrix's copy of the project.
const jestOutput = `FAIL test/users.test.js
  ● Test suite failed to run

    TypeError: req.param is not a function

      at param (/tmp/straddle-matrix-x/5/src/routes/users.js:12:22)
      at Layer.handle [as handle_request] (/tmp/straddle-matrix-x/5/node_modules/express/lib/router/layer.js:95:5)

Tests: 3 failed, 4 passed, 7 total`;

describe('diagnose', () => {
  it('maps a stack frame inside the matrix copy back to the project file, skipping node_modules', () => {
    expect(toProjectFile('/tmp/straddle-matrix-x/5/src/routes/users.js', files)).toBe('src/routes/users.js');
    expect(toProjectFile('file:///tmp/copy/src/app.js', files)).toBe('src/app.js');
    expect(toProjectFile('/tmp/copy/node_modules/express/lib/router/layer.js', files)).toBeUndefined();
    expect(toProjectFile('/elsewhere/other.js', files)).toBeUndefined();
  });

  it('names the rule whose signature a failure matches, and the first project frame after it', () => {
    const failures = findFailures(pack, '5', jestOutput, files);
    expect(failures).toContainEqual({ version: '5', ruleId: 'req-param', message: 'TypeError: req.param is not a function', site: { file: 'src/routes/users.js', line: 12 } });
  });

  it('matches a signature inside an HTML-escaped error page a test printed, as it was thrown', () => {
    const output = [
      '  1) follows a chain of redirects:',
      '     AssertionError: <pre>TypeError: Invalid status code: &quot;/moved&quot;. Status code must be an integer.<br> &nbsp;at x</pre>',
      '      at Context.<anonymous> (/tmp/copy/src/app.js:4:5)',
    ].join('\n');
    expect(findFailures(pack, '5', output, files).map((f) => f.ruleId)).toEqual(['res-redirect-status']);
  });

  it("takes a compiled frame's source position, as the matrix writes it after the frame, for the site", () => {
    const output = [
      'TypeError: Invalid status code: "/pricing". Status code must be an integer.',
      '    at ServerResponse.redirect (/tmp/copy/node_modules/express/lib/response.js:859:8)',
      '    at moved (/tmp/copy/dist/routes/users.js:7:9) (src/routes/users.ts:4:7)',
    ].join('\n');
    expect(findFailures(pack, '5', output, [...files, 'src/routes/users.ts']).map((f) => [f.ruleId, f.site])).toEqual([['res-redirect-status', { file: 'src/routes/users.ts', line: 4 }]]);
  });

  it('reads node:test TAP output, where a file that throws on load prints its stack as # comments', () => {
    const tap = [
      '# PathError [TypeError]: Unexpected ? at index 14: /archive/:year?; visit https://git.new/pathToRegexpError for info',
      '#     at new Layer (/root/.cache/straddle/packages/express/5.3.0/node_modules/router/lib/layer.js:94:78)',
      '#     at file:///tmp/straddle-matrix-1/express@5.3.0/project/src/app.js:7:13 {',
      "  failureType: 'testCodeFailure'",
      '  exitCode: 1',
      "  error: 'test failed'",
    ].join('\n');
    expect(findFailures(pack, '5', tap, files)[0]).toEqual({
      version: '5',
      ruleId: 'route-path',
      message: 'PathError [TypeError]: Unexpected ? at index 14: /archive/:year?; visit https://git.new/pathToRegexpError for info',
      site: { file: 'src/app.js', line: 7 },
    });
    expect(countLoadFailures(tap)).toBe(1);
  });

  it("takes the message of node:test's multi-line error blocks from the next line", () => {
    const tap = ["  error: |-", '    Expected values to be strictly equal:', '  stack: |-', '    TestContext.<anonymous> (/tmp/copy/test/users.test.js:25:10)'].join('\n');
    expect(findFailures(pack, '5', tap, files)).toEqual([{ version: '5', ruleId: undefined, message: 'Expected values to be strictly equal:', site: { file: 'test/users.test.js', line: 25 } }]);
  });

  it('maps toolchain failures to the package.json rule that names the fix', () => {
    const jest = ["  ● Test suite failed to run", '', "    Cannot find module 'node:events' from 'node_modules/router/index.js'"].join('\n');
    expect(findFailures(pack, '5', jest, files)).toEqual([
      { version: '5', ruleId: 'dependency-majors', message: "Cannot find module 'node:events' from 'node_modules/router/index.js'", site: undefined },
    ]);
    // a compiler too old for the new major's types: syntax errors inside them, not in the project's code
    const tsc = "node_modules/@types/express-serve-static-core/index.d.ts(1081,12): error TS1005: ';' expected.";
    expect(findFailures(pack, '5', tsc, files).map((f) => f.ruleId)).toEqual(['typescript-major']);
    const pretty = "node_modules/@types/express-serve-static-core/index.d.ts(1188,16): \u001b[91merror\u001b[0m TS1005: ';' expected.";
    expect(findFailures(pack, '5', pretty, files).map((f) => f.ruleId)).toEqual(['typescript-major']);
    // the project's own syntax error is no compiler's fault: a failure at its site, no rule
    expect(findFailures(pack, '5', "src/app.ts(3,1): error TS1005: ';' expected.", [...files, 'src/app.ts'])).toEqual([
      { version: '5', ruleId: undefined, message: "TS1005: ';' expected.", site: { file: 'src/app.ts', line: 3 } },
    ]);
  });

  it("names the site of a type error that stops a suite before any test (ts-jest's coloured output)", () => {
    const jest = [
      '  ● Test suite failed to run',
      '',
      "    \u001b[96mtest/helpers/server.ts\u001b[0m:\u001b[93m26\u001b[0m:\u001b[93m35\u001b[0m - \u001b[91merror\u001b[0m\u001b[90m TS2345: \u001b[0mArgument of type 'string | undefined' is not assignable to parameter of type 'string'.",
    ].join('\n');
    expect(findFailures(pack, '5', jest, [...files, 'test/helpers/server.ts'])).toEqual([
      // `req.ip` handed on where a string is needed: Express 5's types say it may be undefined
      { version: '5', ruleId: 'req-ip-optional', message: "TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'.", site: { file: 'test/helpers/server.ts', line: 26 } },
    ]);
  });

  it("explains a failure by its rule's finding at the site, or at a caller that handed the value on", () => {
    const output = [
      'TypeError: Missing parameter name at index 9: /feeds/*/then/*',
      '    at compile (/p/node_modules/path-to-regexp/dist/index.js:1:1)',
      '    at mount (/p/src/mount.js:4:9)',
      '    at loadRoutes (/p/src/routes/users.js:20:3)',
    ].join('\n');
    const result = { requested: '5', resolved: '5.1.0', ok: false, counts: null, output } as Partial<VersionResult>;
    const matrix = { results: [result] } as MatrixReport;
    const finding = (file: string, line: number, ruleId: string): Finding =>
      ({ ruleId, messageId: 'm', message: `${ruleId} at ${file}`, file, line, column: 1, rows: [], kind: 'both', confidence: 'high', fixed: false, fixable: false });
    const projectFiles = ['src/mount.js', 'src/routes/users.js'];
    const [failure] = diagnose(pack, matrix, [], projectFiles, [finding('src/routes/users.js', 20, 'route-path')]).versions[0]!.failures;
    expect(failure).toMatchObject({ ruleId: 'route-path', site: { file: 'src/mount.js', line: 4 }, hint: 'route-path at src/routes/users.js' });
    // a caller's finding of another rule explains nothing
    const [other] = diagnose(pack, matrix, [], projectFiles, [finding('src/routes/users.js', 20, 'req-param')]).versions[0]!.failures;
    expect(other!.hint).toBeUndefined();
  });

  it('reads a compiler error in the config, which a newer TypeScript reports before any code', () => {
    const tsc = "\u001b[96mtsconfig.json\u001b[0m:\u001b[93m7\u001b[0m:\u001b[93m5\u001b[0m - \u001b[91merror\u001b[0m\u001b[90m TS5102: \u001b[0mOption 'charset' has been removed. Please remove it from your configuration.";
    expect(findFailures(pack, '4', tsc, [...files, 'tsconfig.json'])).toEqual([
      { version: '4', ruleId: undefined, message: "TS5102: Option 'charset' has been removed. Please remove it from your configuration.", site: { file: 'tsconfig.json', line: 7 } },
    ]);
  });

  it("names why each test file failed to load: its first error line, and its file where the runner names it", () => {
    expect(loadErrors(jestOutput)).toEqual(['test/users.test.js: TypeError: req.param is not a function']);
    expect(loadErrors(' FAIL  test/a.test.ts [ test/a.test.ts ]\nError: Cannot find module \'express/lib/router\'\n  at x\n FAIL  test/b.test.ts > works\n')).toEqual([
      "test/a.test.ts: Error: Cannot find module 'express/lib/router'",
    ]);
    const tap = "# PathError [TypeError]: Unexpected ? at index 14: /archive/:year?\n#     at x (src/app.js:7:13)\n  failureType: 'testCodeFailure'\n  exitCode: 1\n  error: 'test failed'\n";
    expect(loadErrors(tap)).toEqual(['PathError [TypeError]: Unexpected ? at index 14: /archive/:year?']);
    expect(loadErrors('\n Exception during run: PathError [TypeError]: Unexpected ? at index 17: /profiles/:handle?\n    at consumeUntil (x.js:1:1)\n')).toEqual([
      'PathError [TypeError]: Unexpected ? at index 17: /profiles/:handle?',
    ]);
    expect(loadErrors('all good')).toEqual([]);
  });

  it('counts test files that failed to load', () => {
    expect(countLoadFailures(jestOutput)).toBe(1);
    expect(countLoadFailures(' FAIL  test/a.test.ts [ test/a.test.ts ]\n FAIL  test/b.test.ts > works\n')).toBe(1);
    expect(countLoadFailures('all good')).toBe(0);
  });

  it("reads the shim's JSON lines, mapping sites and skipping torn lines", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'straddle-diag-')), 'w.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'express/res-send-status', message: 'res.send(status) …', site: { file: '/tmp/copy/src/app.js', line: 9, column: 3 }, major: 5 }),
        JSON.stringify({ id: 'express/res-send-status', message: 'res.send(status) …', site: { file: '/tmp/copy/src/app.js', line: 9, column: 3 }, major: 5 }),
        '{"id":"express/app-del","mess',
      ].join('\n'),
    );
    expect(readWarnings(file, files)).toEqual([{ ruleId: 'res-send-status', message: 'res.send(status) …', site: { file: 'src/app.js', line: 9 }, major: 5 }]);
  });

  it('plans a targeted rewrite where a failure proves a low-confidence site, and the shim only for what a failure proves', () => {
    const finding = (over: Partial<Finding>): Finding => ({
      ruleId: 'req-param', messageId: 'm', message: 'm', file: 'src/routes/users.js', line: 12, column: 5, rows: [4], kind: 'both', confidence: 'low', fixed: false, fixable: true, ...over,
    });
    const diagnosis = { versions: [{ requested: '5', resolved: '5.3.0', ok: false, counts: null, loadFailures: 1, problem: null, failures: findFailures(pack, '5', jestOutput, files) }], warnings: [] };
    const actions = planActions(pack, diagnosis, [finding({}), finding({ ruleId: 'async-handler', kind: 'shim', fixable: false, confidence: 'high', file: 'src/app.js' })]);
    expect([...actions.assumeHandlerFiles]).toEqual(['src/routes/users.js']);
    // a shim-kind finding is no proof by itself; the req.param failure is (req-param is a shim feature)
    expect([...actions.shimFeatures]).toEqual(['req-param']);
  });

  it("proves a rule's low-confidence site in a caller's file when a wrapper hands the value down", () => {
    // a promise-aware wrapper (index.js) passes the test's '*' to app.get, where Express 5 refuses it
    const mocha = `  1) addAsync
       handles middleware in getter:
     TypeError: Missing parameter name at index 1: *; visit https://git.new/pathToRegexpError for info
      at parse (node_modules/path-to-regexp/dist/index.js:140:26)
      at app.<computed> [as get] (node_modules/express/lib/application.js:478:22)
      at app.<computed> [as getAsync] (index.js:27:26)
      at Context.<anonymous> (test/index.test.js:60:9)
      at process.processImmediate (node:internal/timers:483:21)

  2) next`;
    const wrapperFiles = ['index.js', 'test/index.test.js'];
    const failures = findFailures(pack, '5', mocha, wrapperFiles);
    expect(failures).toEqual([
      expect.objectContaining({ ruleId: 'route-path', site: { file: 'index.js', line: 27 }, callers: [{ file: 'test/index.test.js', line: 60 }] }),
    ]);
    const lowPath: Finding = {
      ruleId: 'route-path', messageId: 'm', message: 'm', file: 'test/index.test.js', line: 60, column: 5, rows: [27], kind: 'both', confidence: 'low', fixed: false, fixable: true,
    };
    const diagnosis = { versions: [{ requested: '5', resolved: '5.3.0', ok: false, counts: null, loadFailures: 0, problem: null, failures }], warnings: [] };
    expect([...planActions(pack, diagnosis, [lowPath]).assumeHandlerFiles]).toEqual(['test/index.test.js']);
    // another rule's low-confidence finding in that caller is not proven by this failure
    expect([...planActions(pack, diagnosis, [{ ...lowPath, ruleId: 'req-param' }]).assumeHandlerFiles]).toEqual([]);
  });
});
