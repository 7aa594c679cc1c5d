/**
 * @module codemods/fastify/async-plugin-done
 * Row 22 (FSTWRN002): an `async` plugin that also declares `done` (`async (fastify, opts, done) => …`) worked on
 * Fastify 4, which waited for its promise (and warned from 4.25). Fastify 5 rejects it at `ready` with
 * `FST_ERR_PLUGIN_INVALID_ASYNC_HANDLER`: its test is `fn.constructor.name === 'AsyncFunction' && fn.length === 3`.
 * Dropping `done` gives the plugin Fastify 5 takes and Fastify 4 ran the same way (by its promise). Where the plugin
 * calls `done()` as its last statement, the call goes too: the promise settles right after it, as 4.x's loader then
 * finished the plugin. Any other use of `done` is a person's to untangle.
 */
import ts from 'typescript';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import type { FunctionNode } from '../../lib/ts-scope/calls.ts';
import type { Edit, Fixer } from '../../src/authoring.ts';
import type { FastifyFacts } from './_facts.ts';
import { createFastifyRule, methodCall } from './_rule.ts';

export default createFastifyRule({
  id: 'async-plugin-done',
  meta: {
    description: 'Drop the `done` parameter of `async` plugins',
    rows: [22],
    kind: 'both',
    prefilter: ['async'],
    signatures: [/FST_ERR_PLUGIN_INVALID_ASYNC_HANDLER/, /async function as a plugin and also pass a callback/i],
    messages: {
      dropDone:
        'The async plugin `{{plugin}}` also declares `{{done}}`, which Fastify 5 rejects at start. Drop `{{done}}`, which works on Fastify 4 and 5: the plugin ends when its promise settles.',
      doneUsed:
        'The async plugin `{{plugin}}` also declares `{{done}}`, which Fastify 5 rejects at start, and uses it beyond a final `{{done}}()`. Either drop `async` and call `{{done}}()` on every path, or drop `{{done}}` and `await` what it waited for.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    const visit = (fn: FunctionNode) => {
      const plugin = pluginOf(facts, fn);
      if (!plugin) return;
      const done = fn.parameters[2]!;
      const doneName = done.name as ts.Identifier;
      const data = { plugin: nameOf(fn, sourceFile), done: doneName.text };
      const uses = referencesIn(facts, fn, done);
      const finalCall = uses.length === 1 ? finalDoneCall(fn, uses[0]!) : undefined;
      if (uses.length && !finalCall) {
        context.report({ node: done, messageId: 'doneUsed', data, confidence: plugin.confidence });
        return;
      }
      const second = fn.parameters[1]!;
      context.report({
        node: done,
        messageId: 'dropDone',
        data,
        confidence: plugin.confidence,
        fix: (fixer) => [fixer.replaceRange(second.end, done.end, ''), ...(finalCall ? [removeStatement(fixer, finalCall, sourceFile)] : [])],
      });
    };
    return { FunctionDeclaration: visit, FunctionExpression: visit, ArrowFunction: visit, MethodDeclaration: visit };
  },
});

// --- internal ---

/** The plugin's role when `fn` is an async plugin Fastify 5 refuses: `fn.length === 3`, first parameter an instance. */
function pluginOf(facts: FastifyFacts, fn: FunctionNode) {
  if (!fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) || fn.asteriskToken) return undefined;
  const parameters = fn.parameters;
  // a default or a rest parameter ends `fn.length` before it; a TypeScript `this` parameter is no parameter at run time
  if (parameters.length !== 3 || parameters.some((p) => p.initializer || p.dotDotDotToken || p.questionToken || !ts.isIdentifier(p.name))) return undefined;
  if ((parameters[0]!.name as ts.Identifier).text === 'this') return undefined;
  if (isHookArgument(fn)) return undefined;
  return facts.is(parameters[0]!.name as ts.Identifier, 'instance');
}

/** `app.addHook('onRegister', fn)`: a hook with the instance first, not a plugin (hooks have rules of their own). */
function isHookArgument(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return ts.isCallExpression(parent) && !!methodCall(parent, 'addHook');
}

/** Every reference to `parameter` inside `fn`, resolved by scope (a shadowing `done` inside is not one). */
function referencesIn(facts: FastifyFacts, fn: FunctionNode, parameter: ts.ParameterDeclaration): ts.Identifier[] {
  const name = (parameter.name as ts.Identifier).text;
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && node !== parameter.name && !isPropertyName(node) && facts.scopes.resolve(node) === parameter) found.push(node);
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
}

/** The statement `done();` when it is the last statement of the plugin's own body and calls `done` with nothing. */
function finalDoneCall(fn: FunctionNode, use: ts.Identifier): ts.ExpressionStatement | undefined {
  const call = use.parent;
  if (!ts.isCallExpression(call) || unwrap(call.expression) !== use || call.arguments.length) return undefined;
  const statement = call.parent;
  if (!ts.isExpressionStatement(statement) || !fn.body || !ts.isBlock(fn.body)) return undefined;
  return fn.body.statements.at(-1) === statement ? statement : undefined;
}

/** Removes a statement with its line when it stands on a line of its own, else only its text. */
function removeStatement(fixer: Fixer, statement: ts.Statement, sourceFile: ts.SourceFile): Edit {
  const text = sourceFile.text;
  const start = statement.getStart(sourceFile);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', statement.end);
  const alone = !text.slice(lineStart, start).trim() && lineEnd !== -1 && !text.slice(statement.end, lineEnd).trim();
  // keep what comes before the statement on its line, and the line break that closes the previous line
  return alone ? fixer.replaceRange(lineStart, lineEnd + 1, '') : fixer.remove(statement);
}

/** How a message names the plugin: its own name, the variable holding it, else `(anonymous)`. */
function nameOf(fn: FunctionNode, sourceFile: ts.SourceFile): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name) return fn.name.getText(sourceFile);
  const holder = fn.parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  return '(anonymous)';
}
