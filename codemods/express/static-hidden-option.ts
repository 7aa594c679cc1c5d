/**
 * @module codemods/express/static-hidden-option
 * Rows 47–48: send 1 (Express 5) dropped the `hidden` and `from` options, silently. `hidden: true` →
 * `dotfiles: 'allow'` and `from` → `root` mean the same on both majors, in literal options of `express.static()`,
 * `serveStatic()`, `res.sendFile()` and `res.sendfile()` (the last so one run settles: res-sendfile renames it).
 * `hidden: false` is only reported: on Express 4 it hides dotfiles but serves files inside dot-directories
 * (send 0.19 checks the last segment only), which no option of Express 5 does; `dotfiles: 'ignore'` would make
 * Express 4 hide `/.well-known/…` too.
 */
import ts from 'typescript';
import { isModuleExport, moduleBindingOf } from './_facts.ts';
import type { Confidence } from '../../src/authoring.ts';
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
      hiddenFalse:
        "Express 5 ignores `hidden: false`. On Express 4 it hides dotfiles (`/.env`) but serves files inside dot-directories (`/.well-known/…`); Express 5 hides both, and no option means Express 4's behaviour on both majors (`dotfiles: 'ignore'` also hides dot-directories on Express 4). Remove `hidden: false` (Express 4's default), and serve each dot-directory you need on its own with `{ dotfiles: 'allow' }`.",
      hiddenValue:
        "Express 5 ignores `hidden: {{value}}`. Where it is true, `dotfiles: 'allow'` means the same on both majors; where it is false, no option does (Express 4 serves files inside dot-directories such as `.well-known`, Express 5 does not). `dotfiles: {{condition}} ? 'allow' : undefined` keeps Express 4's behaviour exactly; serve each dot-directory you need on its own with `{ dotfiles: 'allow' }`.",
    },
  },
  create(context) {
    const { sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const target = optionsOf(context.facts, node);
        if (!target) return;
        const confidence = target.confidence;
        for (const option of legacyOptions(target.options, sourceFile)) {
          const { property, old } = option;
          if (option.conflict) {
            context.report({ node: property, messageId: 'removeOption', data: { old, new: RENAMED[old] }, confidence });
          } else if (option.replacement !== undefined) {
            const replacement = option.replacement;
            context.report({ node: property, messageId: 'replaceOption', data: { old, replacement }, confidence, fix: (fixer) => fixer.replaceText(property, replacement) });
          } else if (option.hiddenFalse) {
            context.report({ node: property, messageId: 'hiddenFalse', confidence });
          } else if (old === 'hidden' && option.value) {
            const value = option.value.getText(sourceFile);
            context.report({ node: property, messageId: 'hiddenValue', data: { value, condition: asCondition(option.value, sourceFile) }, confidence });
          } else {
            context.report({ node: property, messageId: 'replaceOption', data: { old, replacement: RENAMED[old] }, confidence });
          }
        }
      },
    };
  },
});

/** A `hidden` or `from` property of literal options, and its dual-native replacement where one exists. */
export interface LegacyOption {
  property: ts.ObjectLiteralElementLike;
  old: OldOption;
  /** The value, where the property is `key: value` or the shorthand `{ key }`. */
  value?: ts.Expression;
  /** The replacement (`dotfiles: 'allow'`, `root: v`); absent where none means the same on both majors. */
  replacement?: string;
  /** `dotfiles` / `root` is set too, so Express 4 already ignored this option. */
  conflict: boolean;
  /** `hidden: false`: Express 4's default, with no Express 5 equivalent (dot-directories). */
  hiddenFalse: boolean;
}

/** The `hidden` and `from` options of a literal options object, with what each can become. */
export function legacyOptions(options: ts.ObjectLiteralExpression, sourceFile: ts.SourceFile): LegacyOption[] {
  const names = new Set(options.properties.map(propertyName));
  const out: LegacyOption[] = [];
  for (const property of options.properties) {
    const old = propertyName(property);
    if (old !== 'hidden' && old !== 'from') continue;
    const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    const literal = value && ts.isPropertyAssignment(property) ? unwrap(value).kind : undefined;
    const replacement = !ts.isPropertyAssignment(property)
      ? undefined
      : old === 'from'
        ? `root: ${property.initializer.getText(sourceFile)}`
        : literal === ts.SyntaxKind.TrueKeyword
          ? `dotfiles: 'allow'`
          : undefined;
    out.push({ property, old, value, replacement, conflict: names.has(RENAMED[old]), hiddenFalse: old === 'hidden' && literal === ts.SyntaxKind.FalseKeyword });
  }
  return out;
}

// --- internal ---

/** The literal options object of `express.static(dir, {…})`, `serveStatic(dir, {…})` or `res.sendFile(p, {…})`. */
function optionsOf(facts: Parameters<typeof moduleBindingOf>[0], call: ts.CallExpression): { options: ts.ObjectLiteralExpression; confidence: Confidence } | undefined {
  const literal = call.arguments[1] && unwrap(call.arguments[1]);
  if (!literal || !ts.isObjectLiteralExpression(literal)) return undefined;
  if (isModuleExport(facts, call.expression, ['express'], 'static')) return { options: literal, confidence: 'high' };
  const binding = moduleBindingOf(facts, call.expression);
  if (binding?.module === 'serve-static' && binding.name === undefined) return { options: literal, confidence: 'high' };
  const sendFile = methodCall(call, 'sendFile', 'sendfile');
  const res = sendFile && facts.is(sendFile.receiver, 'res');
  return res ? { options: literal, confidence: res.confidence } : undefined;
}

/** `x` as the condition of `x ? … : …`: parenthesised unless it is a name, a property chain or a call. */
function asCondition(value: ts.Expression, sourceFile: ts.SourceFile): string {
  const text = value.getText(sourceFile);
  const node = unwrap(value);
  return ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isCallExpression(node) ? text : `(${text})`;
}
