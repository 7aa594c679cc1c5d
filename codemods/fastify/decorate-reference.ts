/**
 * @module codemods/fastify/decorate-reference
 * Row 6 (FSTDEP006): `decorateRequest(name, value)` / `decorateReply(name, value)` with an object, an array or a
 * `new X()` put one value on the prototype on Fastify 4, so every request shared it. Fastify 5 refuses it at the call
 * (`FST_ERR_DEC_REFERENCE_TYPE`). Both majors take `null` as the decorator and an `onRequest` hook that gives each
 * request a value of its own; that answers as 4.x did as long as nothing counts on the sharing. So the rule rewrites
 * only a literal it can build again (no calls but `new Map()`-like constructors of literals), and only where the file
 * changes the value in no request (`request.cart.push(x)`, `request.user.id = …`) and no earlier `onRequest` hook
 * reads it; elsewhere it reports. Uses in other files are out of its sight (see the docs page).
 */
import ts from 'typescript';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import { isFunctionNode } from '../../lib/ts-scope/calls.ts';
import type { FastifyFacts } from './_facts.ts';
import { createFastifyRule, methodCall, stringValue } from './_rule.ts';
import { constDeclarationOf, keyOf } from './_routes.ts';

/** Methods that change an array, a map or a set in place. */
const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);
/** Constructors whose fresh instance from literal arguments equals the shared one. */
const REBUILDABLE = new Set(['Map', 'Set', 'Array', 'Object']);

export default createFastifyRule({
  id: 'decorate-reference',
  meta: {
    description: 'Give request and reply decorators holding an object a fresh value per request',
    rows: [6],
    kind: 'both',
    prefilter: ['decorateRequest', 'decorateReply'],
    signatures: [/FST_ERR_DEC_REFERENCE_TYPE/, /The decorator '.*' of type '.*' is a reference type/],
    messages: {
      freshPerRequest:
        '`{{call}}` decorates every {{target}} with one shared {{kind}}, which Fastify 5 refuses at start. Decorate with `null` and set a fresh value in an `onRequest` hook instead, which works on Fastify 4 and 5.',
      sharedByHand:
        '`{{call}}` decorates every {{target}} with one shared {{kind}}, which Fastify 5 refuses at start, and {{why}}. Decorate with `null` and set a value per request in an `onRequest` hook, or, if the {{targets}} are meant to share it, keep it on the instance (`decorate`) or in a module variable.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    const modern = context.options.ecmaVersion === undefined || context.options.ecmaVersion >= 2017;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'decorateRequest', 'decorateReply');
        if (!call || call.args.length < 2) return;
        const instance = facts.is(call.receiver, 'instance');
        const name = stringValue(call.args[0]);
        const value = unwrap(call.args[1]!);
        // a `const` of this file holding one is shared however the hook sets it
        const held = ts.isIdentifier(value) ? constDeclarationOf(facts, value)?.initializer : undefined;
        const kind = instance && name !== undefined ? referenceKind(held ? unwrap(held) : value) : undefined;
        if (!instance || name === undefined || !kind) return;
        const target = call.name === 'decorateRequest' ? 'request' : 'reply';
        const data = { call: `${call.receiver.getText(sourceFile)}.${call.name}(${call.args[0]!.getText(sourceFile)}, …)`, target, targets: target === 'request' ? 'requests' : 'replies', kind };
        const why = held ? `its value is the variable \`${value.getText(sourceFile)}\`, which other code may hold too` : whyNotSafe(facts, node, call.name, name, value);
        if (why) {
          context.report({ node, messageId: 'sharedByHand', data: { ...data, why }, confidence: instance.confidence });
          return;
        }
        const statement = node.parent;
        const receiver = call.receiver.getText(sourceFile);
        context.report({
          node,
          messageId: 'freshPerRequest',
          data,
          confidence: instance.confidence,
          fix: (fixer) => [
            fixer.replaceText(call.args[1]!, 'null'),
            fixer.insertAfter(statement, `\n${indentOf(statement, sourceFile)}${receiver}.addHook(${hookText(call.args[0]!.getText(sourceFile), target, name, value.getText(sourceFile), modern)});`),
          ],
        });
      },
    };
  },
});

// --- internal ---

/** What a value is when Fastify 5 refuses it as a decorator (an object, an array, an instance), else undefined. */
function referenceKind(value: ts.Expression): string | undefined {
  if (ts.isArrayLiteralExpression(value)) return 'array';
  if (ts.isNewExpression(value)) return `\`${value.expression.getText()}\``;
  if (!ts.isObjectLiteralExpression(value)) return undefined;
  // `{ getter, setter }` is Fastify's accessor form, allowed on both majors
  const keys = value.properties.map(keyOf);
  return keys.includes('getter') || keys.includes('setter') ? undefined : 'object';
}

/** Why a fresh value per request may not answer as the shared one did, or undefined when it does. */
function whyNotSafe(facts: FastifyFacts, call: ts.CallExpression, method: string, name: string, value: ts.Expression): string | undefined {
  if (!ts.isExpressionStatement(call.parent)) return 'the call is part of a larger expression';
  if (!isRebuildable(value)) return 'its value is not a literal that can be built again for each request';
  const role = method === 'decorateRequest' ? 'request' : 'reply';
  const uses = accessesOf(facts, call.getSourceFile(), role, name);
  const changed = uses.find(isChangedInPlace);
  if (changed) return `line ${lineOf(changed)} changes it in place (\`${changed.parent.getText()}\`), which on Fastify 4 every ${role} sees`;
  const handed = uses.find(isHandedOn) ?? destructuringOf(facts, call.getSourceFile(), role, name);
  if (handed) return `line ${lineOf(handed)} hands it on (\`${handed.getText()}\`), where it may be changed in place`;
  const early = uses.find((use) => isInOnRequestHookBefore(use, call));
  if (early) return `an \`onRequest\` hook added before it reads it (line ${lineOf(early)}), which would see \`null\``;
  return undefined;
}

/** A literal with nothing in it that runs code of its own: literals, nested ones, `new Map([...])` and the like. */
function isRebuildable(node: ts.Node): boolean {
  if (ts.isNewExpression(node)) return ts.isIdentifier(node.expression) && REBUILDABLE.has(node.expression.text) && (node.arguments ?? []).every(isRebuildable);
  if (ts.isObjectLiteralExpression(node)) return node.properties.every((p) => ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && isRebuildable(p.initializer));
  if (ts.isArrayLiteralExpression(node)) return node.elements.every(isRebuildable);
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return isRebuildable(node.expression);
  if (ts.isPrefixUnaryExpression(node)) return ts.isNumericLiteral(node.operand);
  return ts.isStringLiteral(node) || ts.isNumericLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || [ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword].includes(node.kind);
}

/** Every `x.<name>` in the file whose `x` the facts show to be a request (or a reply). */
function accessesOf(facts: FastifyFacts, sourceFile: ts.SourceFile, role: 'request' | 'reply', name: string): ts.PropertyAccessExpression[] {
  const found: ts.PropertyAccessExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === name && facts.is(node.expression, role)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** `request.cart.push(x)`, `request.user.id = 1`, `request.cart[0] = x`, `delete request.user.id`, `Object.assign(request.user, …)`. */
function isChangedInPlace(access: ts.PropertyAccessExpression): boolean {
  const parent = access.parent;
  if (ts.isCallExpression(parent) && parent.arguments.includes(access)) {
    const callee = parent.expression;
    return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object' && callee.name.text === 'assign' && parent.arguments[0] === access;
  }
  if (!(ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) || parent.expression !== access) return false;
  const outer = parent.parent;
  if (ts.isCallExpression(outer) && outer.expression === parent) return ts.isPropertyAccessExpression(parent) && MUTATORS.has(parent.name.text);
  if (ts.isBinaryExpression(outer) && outer.left === parent) return outer.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && outer.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  if (ts.isPrefixUnaryExpression(outer) || ts.isPostfixUnaryExpression(outer)) return outer.operator === ts.SyntaxKind.PlusPlusToken || outer.operator === ts.SyntaxKind.MinusMinusToken;
  return ts.isDeleteExpression(outer);
}

/** `const cart = request.cart`, `save(request.cart)`: the value leaves the sight of the rule (JSON.stringify only reads it). */
function isHandedOn(access: ts.PropertyAccessExpression): boolean {
  let current: ts.Node = access;
  while (ts.isParenthesizedExpression(current.parent) || ts.isNonNullExpression(current.parent) || ts.isAsExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (ts.isVariableDeclaration(parent) || ts.isBindingElement(parent)) return parent.initializer === current;
  if (ts.isBinaryExpression(parent) && parent.right === current) return parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  if (!ts.isCallExpression(parent) || !parent.arguments.includes(current as ts.Expression)) return false;
  const callee = parent.expression;
  return !(ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'JSON');
}

/** `const { cart } = request`: the value taken out by destructuring. */
function destructuringOf(facts: FastifyFacts, sourceFile: ts.SourceFile, role: 'request' | 'reply', name: string): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer && facts.is(node.initializer, role)) {
      found = node.name.elements.find((element) => {
        const key = element.propertyName ?? element.name;
        return element.dotDotDotToken || (ts.isIdentifier(key) && key.text === name);
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** Whether `use` sits in a function given to `addHook('onRequest', …)` by a call that comes before `decorate`. */
function isInOnRequestHookBefore(use: ts.Node, decorate: ts.CallExpression): boolean {
  for (let node: ts.Node = use; node.parent; node = node.parent) {
    if (!isFunctionNode(node) || !ts.isCallExpression(node.parent)) continue;
    const hook = methodCall(node.parent, 'addHook');
    if (hook && stringValue(hook.args[0]) === 'onRequest' && node.parent.getStart() < decorate.getStart()) return true;
  }
  return false;
}

/** The hook that sets the value on each request, on one line: async where the project's JavaScript has async functions. */
function hookText(quotedName: string, target: 'request' | 'reply', name: string, value: string, modern: boolean): string {
  const quote = quotedName[0] === '"' ? '"' : "'";
  const access = /^[A-Za-z_$][\w$]*$/.test(name) ? `${target}.${name}` : `${target}[${quotedName}]`;
  if (!modern) return `${quote}onRequest${quote}, function (request, reply, done) { ${access} = ${value}; done(); }`;
  return `${quote}onRequest${quote}, async (${target === 'request' ? 'request' : 'request, reply'}) => { ${access} = ${value}; }`;
}

function indentOf(node: ts.Node, sourceFile: ts.SourceFile): string {
  const start = node.getStart(sourceFile);
  const lineStart = sourceFile.text.lastIndexOf('\n', start - 1) + 1;
  return /^[ \t]*/.exec(sourceFile.text.slice(lineStart, start))![0];
}

const lineOf = (node: ts.Node) => node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1;
