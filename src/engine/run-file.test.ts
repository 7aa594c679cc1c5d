import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { definePack } from '../pack.ts';
import { createRule } from '../rule.ts';
import { MAX_PASSES, runFile } from './run-file.ts';

// A neutral pack: the engine must not need to know any framework.
const renameFoo = createRule({
  id: 'rename-foo',
  meta: { description: 'Rename foo() to bar()', rows: [1], kind: 'both', prefilter: ['foo('], messages: { rename: '`foo()` is now `bar()`.' } },
  create: (context) => ({
    CallExpression(node: ts.CallExpression) {
      if (ts.isIdentifier(node.expression) && node.expression.text === 'foo') {
        context.report({ node, messageId: 'rename', fix: (fixer) => fixer.replaceText(node.expression, 'bar') });
      }
    },
  }),
});
// Conflicts with rename-foo on purpose: wraps the whole call, so the two fixes cannot go in one pass.
const wrapFoo = createRule({
  id: 'wrap-foo',
  meta: { description: 'Await foo()', rows: [2], kind: 'both', prefilter: ['foo(', 'bar('], messages: { wrap: 'Await it.' } },
  create: (context) => ({
    CallExpression(node: ts.CallExpression) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && (callee.text === 'foo' || callee.text === 'bar') && !ts.isAwaitExpression(node.parent)) {
        context.report({ node, messageId: 'wrap', fix: (fixer) => fixer.replaceText(node, `await ${node.getText(context.sourceFile)}`) });
      }
    },
  }),
});
let analyzed = 0;
const pack = definePack({
  id: 'toy',
  title: 'toy',
  packageName: 'toy',
  versions: { old: '1', new: '2' },
  docsUrl: (id) => id,
  rules: [renameFoo, wrapFoo],
  analyze: () => ++analyzed,
});
const options = { fix: true, target: 'both' as const, assumeHandlers: false };

/** A rule that only reports calls of `name`, counting the passes it runs in. */
function reportCalls(name: string, prefilter = [`${name}(`]) {
  const counter = { passes: 0 };
  const rule = createRule({
    id: `report-${name}`,
    meta: { description: `Report ${name}()`, rows: [4], kind: 'report', prefilter, messages: { found: `\`${name}()\` found.` } },
    create: (context) => {
      counter.passes++;
      return {
        CallExpression(node: ts.CallExpression) {
          if (ts.isIdentifier(node.expression) && node.expression.text === name) context.report({ node, messageId: 'found' });
        },
      };
    },
  });
  return Object.assign(rule, { counter });
}

/** Renames calls of `from` to `to`, adding a line above the first one (the way a rule adds an import). */
function renameWithImport(from: string, to: string) {
  return createRule({
    id: `${from}-to-${to}`,
    meta: { description: `Rename ${from}() to ${to}()`, rows: [5], kind: 'both', prefilter: [`${from}(`], messages: { rename: `Now \`${to}()\`.` } },
    create: (context) => ({
      CallExpression(node: ts.CallExpression) {
        if (!ts.isIdentifier(node.expression) || node.expression.text !== from) return;
        context.report({ node, messageId: 'rename', fix: (fixer) => [fixer.replaceRange(0, 0, `import { ${to} } from '${to}';\n`), fixer.replaceText(node.expression, to)] });
      },
    }),
  });
}

/** What a scan of `text` reports, in the order the fix mode lists open findings in (by site). */
const scanOf = (rules: Parameters<typeof runFile>[1], text: string) => runFile(pack, rules, 'a.js', text, { ...options, fix: false }).findings;

describe('runFile', () => {
  it('never parses a file no prefilter matches', () => {
    const result = runFile(pack, pack.rules, 'a.js', 'const x = 1 +', options);
    expect(result).toEqual({ file: 'a.js', findings: [], parsed: false });
  });

  it('reports a file that does not parse and returns no output for it', () => {
    const result = runFile(pack, pack.rules, 'a.ts', 'foo(;\n', options);
    expect(result.output).toBeUndefined();
    expect(result.parseError?.line).toBe(1);
  });

  it('applies conflicting fixes over several passes and marks both findings fixed', () => {
    const result = runFile(pack, pack.rules, 'a.ts', 'async function f() {\n  foo(1);\n}\n', options);
    expect(result.output).toBe('async function f() {\n  await bar(1);\n}\n');
    expect(result.findings.map((f) => [f.ruleId, f.line, f.fixed])).toEqual([
      ['rename-foo', 2, true],
      ['wrap-foo', 2, true],
    ]);
  });

  it("runs to a fixed point when one rule's output gives another something to fix", () => {
    // bar(x) → baz(x) only exists once rename-foo has run: no conflict, yet one run must reach the final text
    const renameBar = createRule({
      id: 'rename-bar',
      meta: { description: 'Rename bar() to baz()', rows: [3], kind: 'both', prefilter: ['bar('], messages: { rename: 'Now `baz()`.' } },
      create: (context) => ({
        CallExpression(node: ts.CallExpression) {
          if (ts.isIdentifier(node.expression) && node.expression.text === 'bar') {
            context.report({ node, messageId: 'rename', fix: (fixer) => fixer.replaceText(node.expression, 'baz') });
          }
        },
      }),
    });
    const result = runFile(pack, [renameFoo, renameBar], 'a.js', 'foo(1);\n', options);
    expect(result.output).toBe('baz(1);\n');
    expect(runFile(pack, [renameFoo, renameBar], 'a.js', result.output!, options).output).toBeUndefined();
  });

  it('keeps everything outside a fix byte for byte (comments, quotes, spacing)', () => {
    const text = "// keep me\nfoo( 'x' ,  \"y\" ) /* and me */;\r\n";
    const result = runFile(pack, [renameFoo], 'a.js', text, options);
    expect(result.output).toBe("// keep me\nbar( 'x' ,  \"y\" ) /* and me */;\r\n");
  });

  it('reads JSX in .js files', () => {
    const result = runFile(pack, [renameFoo], 'view.js', 'const v = <div onClick={() => foo()} />;\n', options);
    expect(result.output).toBe('const v = <div onClick={() => bar()} />;\n');
  });

  it('reports without writing in scan mode', () => {
    const result = runFile(pack, [renameFoo], 'a.js', 'foo();', { ...options, fix: false });
    expect(result.output).toBeUndefined();
    expect(result.findings).toMatchObject([{ fixable: true, fixed: false }]);
  });

  it('computes the pack analysis only when a rule asks for it', () => {
    const before = analyzed;
    runFile(pack, [renameFoo], 'a.js', 'foo();', options);
    expect(analyzed).toBe(before);
  });

  describe('in fix mode, findings describe the final text', () => {
    it("lists what a fix created as open, where it is in the output", () => {
      const baz = reportCalls('baz');
      const fooToBaz = renameWithImport('foo', 'baz');
      const result = runFile(pack, [fooToBaz, baz], 'a.js', 'x();\nfoo(1);\n', options);
      expect(result.output).toBe("import { baz } from 'baz';\nx();\nbaz(1);\n");
      expect(result.findings.map((f) => [f.ruleId, f.line, f.column, f.fixed])).toEqual([
        ['foo-to-baz', 2, 1, true],
        ['report-baz', 3, 1, false],
      ]);
      expect(result.findings.filter((f) => !f.fixed)).toEqual(scanOf([fooToBaz, baz], result.output!));
    });

    it("moves what was left open to its place in the output, without parsing again when no fix wrote a rule's words", () => {
      const qux = reportCalls('qux');
      const fooToBar = renameWithImport('foo', 'bar');
      const result = runFile(pack, [fooToBar, qux], 'a.js', 'foo(1);\nif (a) {  qux(2); }\n', options);
      expect(result.output).toBe("import { bar } from 'bar';\nbar(1);\nif (a) {  qux(2); }\n");
      expect(qux.counter.passes).toBe(1);
      expect(result.findings.map((f) => [f.ruleId, f.line, f.column, f.fixed])).toEqual([
        ['foo-to-bar', 1, 1, true],
        ['report-qux', 3, 11, false],
      ]);
      expect(result.findings.filter((f) => !f.fixed)).toEqual(scanOf([fooToBar, qux], result.output!));
      // the input's own findings, for a caller that does not write the output after all
      expect(result.inputFindings?.map((f) => [f.ruleId, f.line, f.fixed])).toEqual([
        ['foo-to-bar', 1, false],
        ['report-qux', 2, false],
      ]);
    });

    it('drops what a fix took away: a rule whose words went, or whose open site another rule rewrote, is read again', () => {
      for (const words of [['foo('], ['1)']]) {
        const foo = reportCalls('foo', words);
        const result = runFile(pack, [renameFoo, foo], 'a.js', 'foo(1);\n', options);
        expect(result.output).toBe('bar(1);\n');
        expect(result.findings.map((f) => [f.ruleId, f.fixed]), words[0]).toEqual([['rename-foo', true]]);
      }
    });

    it("does not read the output again for a rule whose words a fix wrote when the fixing rule writes nothing for it", () => {
      // `bar(` is report-bar's word: written by foo-to-bar, the file is read again for it, unless foo-to-bar says
      // it writes nothing report-bar reports (here untrue on purpose, to show the claim is taken as given)
      for (const claims of [false, true]) {
        const bar = reportCalls('bar');
        const fooToBar = renameWithImport('foo', 'bar');
        if (claims) fooToBar.meta = { ...fooToBar.meta, writesNothingFor: [bar.id] };
        const result = runFile(pack, [fooToBar, bar], 'a.js', 'foo(1);\nbar(2);\n', options);
        expect(result.output).toBe("import { bar } from 'bar';\nbar(1);\nbar(2);\n");
        expect(bar.counter.passes, String(claims)).toBe(claims ? 1 : 2);
        expect(result.findings.filter((f) => !f.fixed).map((f) => [f.ruleId, f.line]), String(claims)).toEqual(claims ? [['report-bar', 3]] : [['report-bar', 2], ['report-bar', 3]]);
      }
    });

    it('reports a fix applied in a later pass once, as fixed, at its place in the input', () => {
      const rules = [renameWithImport('foo', 'bar'), wrapFoo];
      const result = runFile(pack, rules, 'a.ts', 'async function f() {\n  foo(1);\n}\n', options);
      expect(result.output).toBe("import { bar } from 'bar';\nasync function f() {\n  await bar(1);\n}\n");
      expect(result.findings.map((f) => [f.ruleId, f.line, f.column, f.fixed])).toEqual([
        ['foo-to-bar', 2, 3, true],
        ['wrap-foo', 2, 3, true],
      ]);
      expect(scanOf(rules, result.output!)).toEqual([]);
    });
  });

  it(`stops rules that undo each other after ${MAX_PASSES} passes: the output as the last pass left it, their sites open, the file unsettled`, () => {
    const pingToPong = renameWithImport('ping', 'pong');
    const pongToPing = createRule({ ...renameFoo, id: 'pong-to-ping', meta: { ...renameFoo.meta, prefilter: ['pong('] }, create: (context) => ({
      CallExpression(node: ts.CallExpression) {
        if (ts.isIdentifier(node.expression) && node.expression.text === 'pong') context.report({ node, messageId: 'rename', fix: (fixer) => fixer.replaceText(node.expression, 'ping') });
      },
    }) });
    const result = runFile(pack, [pingToPong, pongToPing], 'a.js', 'ping(1);\n', options);
    expect(result.unsettled).toEqual({ passes: MAX_PASSES, rules: ['pong-to-ping'] });
    // ping → pong (pass 1), → ping (2), → pong (3), → ping (4), → pong (5): written so, with pong-to-ping left open
    expect(result.output).toMatch(/^(import \{ pong \} from 'pong';\n){3}pong\(1\);\n$/);
    const open = result.findings.filter((f) => !f.fixed);
    expect(open.map((f) => [f.ruleId, f.line, f.fixable])).toEqual([['pong-to-ping', 4, true]]);
    expect(open).toEqual(scanOf([pingToPong, pongToPing], result.output!).filter((f) => f.ruleId === 'pong-to-ping'));
    expect(result.findings.filter((f) => f.fixed)).toHaveLength(MAX_PASSES);
  });
});
