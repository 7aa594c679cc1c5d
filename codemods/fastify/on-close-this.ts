/**
 * @module codemods/fastify/on-close-this
 * Row 33 (not in the migration guide): inside a non-arrow `onClose` hook, `this` was not the instance the hook was
 * added to on Fastify 4.0–4.28; 4.29 and 5.x bind it to that (encapsulated) instance. The hook's first argument is
 * that instance on every 4.x and 5.x, so `this` becomes it. On 4.29 and later the two are already the same object, so
 * there the rewrite changes nothing but the spelling; it is not held back by the project's minor, since a library's
 * users may run any 4.x.
 */
import ts from 'typescript';
import { isFunctionNode } from '../../lib/ts-scope/calls.ts';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import type { Edit, Fixer } from '../../src/authoring.ts';
import type { FastifyFacts } from './_facts.ts';
import { createFastifyRule, methodCall, stringValue } from './_rule.ts';

const ADDED_NAME = 'instance';

export default createFastifyRule({
  id: 'on-close-this',
  meta: {
    description: 'Replace `this` in non-arrow `onClose` hooks with the hook\'s instance argument',
    rows: [33],
    kind: 'both',
    prefilter: ['onClose'],
    messages: {
      useInstance:
        '`this` in this `onClose` hook is not the instance it was added to on Fastify 4.0–4.28, and is on 4.29 and 5. Use the hook\'s first argument, `{{name}}`, instead: that instance on every 4.x and 5.x.',
      instanceByHand:
        '`this` in this `onClose` hook is not the instance it was added to on Fastify 4.0–4.28, and is on 4.29 and 5. Read the hook\'s first argument (the instance on every 4.x and 5.x) instead; {{why}}.',
    },
  },
  create(context) {
    const { facts } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'addHook');
        if (!call || call.args.length !== 2 || stringValue(call.args[0]) !== 'onClose') return;
        const instance = facts.is(call.receiver, 'instance');
        const hook = instance && hookFunction(facts, call.args[1]!);
        if (!hook || !hook.body) return;
        const uses = thisUses(hook.body);
        if (!uses.length) return;
        // a TypeScript `this: T` parameter is a type, not the first argument
        const typedThis = hook.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === 'this');
        const first = hook.parameters.find((p) => p !== typedThis);
        const report = (why: string) => context.report({ node: uses[0]!, messageId: 'instanceByHand', data: { why }, confidence: instance.confidence });
        if (first && !ts.isIdentifier(first.name)) return report('its first parameter is destructured');
        if (!first && typedThis) return report('it declares only a type for `this`');
        if (!first && mentions(hook.body, ADDED_NAME)) return report(`the name \`${ADDED_NAME}\` is taken in its body`);
        const name = first ? (first.name as ts.Identifier).text : ADDED_NAME;
        context.report({
          node: uses[0]!,
          messageId: 'useInstance',
          data: { name },
          confidence: instance.confidence,
          fix: (fixer: Fixer) => {
            const edits: Edit[] = uses.map((use) => fixer.replaceText(use, name));
            if (!first) edits.push(fixer.replaceRange(hook.parameters.pos, hook.parameters.end, ADDED_NAME));
            return edits;
          },
        });
      },
    };
  },
});

// --- internal ---

type HookFunction = ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;

/** The non-arrow function the hook is: written inline, or a function declared in this file by that name. */
function hookFunction(facts: FastifyFacts, expression: ts.Expression): HookFunction | undefined {
  const node = unwrap(expression);
  if (ts.isFunctionExpression(node)) return node;
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = facts.scopes.resolve(node);
  if (declaration && ts.isFunctionDeclaration(declaration)) return declaration;
  const value = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? unwrap(declaration.initializer) : undefined;
  return value && ts.isFunctionExpression(value) ? value : undefined;
}

/** Every `this` of the function itself: arrows inside share it, nested functions and classes have their own. */
function thisUses(body: ts.Node): ts.Node[] {
  const found: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.ThisKeyword) found.push(node);
    if ((isFunctionNode(node) && !ts.isArrowFunction(node)) || ts.isClassLike(node)) return;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** Whether `name` occurs as an identifier anywhere in the body (a parameter added under that name would shadow it). */
function mentions(body: ts.Node, name: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && node.text === name) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}
