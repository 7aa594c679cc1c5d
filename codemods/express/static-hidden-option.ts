/**
 * @module codemods/express/static-hidden-option
 * Rows 47–48: send 1 (Express 5) dropped the `hidden` and `from` options, silently. `hidden: true` →
 * `dotfiles: 'allow'`, `hidden: false` → `dotfiles: 'ignore'` (what send 0.19's deprecation message says), and
 * `from` → `root`, in literal options of `express.static()`, `serveStatic()` and `res.sendFile()`.
 */
import ts from 'typescript';
import { isModuleExport, moduleBindingOf } from './_facts.ts';
import type { Confidence } from '../../src/rule.ts';
import { createExpressRule, methodCall, propertyName } from './_rule.ts';
import { unwrap } from './_scope.ts';

const RENAMED = { hidden: 'dotfiles', from: 'root' } as const;
type OldOption = keyof typeof RENAMED;

export default createExpressRule({
  id: 'static-hidden-option',
  meta: {
    description: 'Replace the removed `hidden` and `from` options of static file serving with `dotfiles` and `root`',
    rows: [47, 48],
    kind: 'both',
    prefilter: ['hidden', 'from:'],
    messages: {
      replaceOption: 'Express 5 silently ignores the `{{old}}` option. Use `{{replacement}}` instead, which means the same on both majors.',
      removeOption: 'Express 5 ignores the `{{old}}` option, and Express 4 ignored it too because `{{new}}` is also set. Remove `{{old}}`.',
    },
  },
  create(context) {
    const { sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const target = optionsOf(context.facts, node);
        if (!target) return;
        const names = new Set(target.options.properties.map(propertyName));
        for (const property of target.options.properties) {
          const old = propertyName(property);
          if (old !== 'hidden' && old !== 'from') continue;
          const renamed = RENAMED[old as OldOption];
          if (names.has(renamed)) {
            context.report({ node: property, messageId: 'removeOption', data: { old, new: renamed }, confidence: target.confidence });
            continue;
          }
          const replacement = ts.isPropertyAssignment(property) ? replacementFor(old as OldOption, property.initializer, sourceFile) : undefined;
          context.report({
            node: property,
            messageId: 'replaceOption',
            data: { old, replacement: replacement ?? renamed },
            confidence: target.confidence,
            fix: replacement ? (fixer) => fixer.replaceText(property, replacement) : null,
          });
        }
      },
    };
  },
});

// --- internal ---

/** The literal options object of `express.static(dir, {…})`, `serveStatic(dir, {…})` or `res.sendFile(p, {…})`. */
function optionsOf(facts: Parameters<typeof moduleBindingOf>[0], call: ts.CallExpression): { options: ts.ObjectLiteralExpression; confidence: Confidence } | undefined {
  const literal = call.arguments[1] && unwrap(call.arguments[1]);
  if (!literal || !ts.isObjectLiteralExpression(literal)) return undefined;
  if (isModuleExport(facts, call.expression, ['express'], 'static')) return { options: literal, confidence: 'high' };
  const binding = moduleBindingOf(facts, call.expression);
  if (binding?.module === 'serve-static' && binding.name === undefined) return { options: literal, confidence: 'high' };
  const sendFile = methodCall(call, 'sendFile');
  const res = sendFile && facts.is(sendFile.receiver, 'res');
  return res ? { options: literal, confidence: res.confidence } : undefined;
}

/** `dotfiles: 'allow'` for `hidden: true`, `dotfiles: x ? 'allow' : 'ignore'` for `hidden: x`, `root: v` for `from: v`. */
function replacementFor(old: OldOption, value: ts.Expression, sourceFile: ts.SourceFile): string {
  const text = value.getText(sourceFile);
  if (old === 'from') return `root: ${text}`;
  const node = unwrap(value);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return `dotfiles: 'allow'`;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return `dotfiles: 'ignore'`;
  const condition = ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isCallExpression(node) ? text : `(${text})`;
  return `dotfiles: ${condition} ? 'allow' : 'ignore'`;
}
