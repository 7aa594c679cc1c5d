import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { definePack } from '../pack.ts';
import { createRule } from '../rule.ts';
import { runFile } from './run-file.ts';

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
});
