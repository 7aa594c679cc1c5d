/**
 * @module codemods/express/app-router-internals
 * Rows 10, 56: Express 5 has no `app.lazyrouter()` (`app._router` is app-router-access's), its router comes from the `router` package with
 * other layer internals (`matchers` instead of `regexp`/`keys`), and `express/lib/router/*` and
 * `express/lib/middleware/*` are gone. Route introspection is what reaches for these: the shim's `routeStack()`
 * and `listRoutes()` answer on both majors.
 */
import ts from 'typescript';
import type { Confidence } from '../../src/index.ts';
import type { ExpressFacts } from './_facts.ts';
import { createExpressRule, methodCall, stringValue } from './_rule.ts';
import { unwrap } from './_scope.ts';
import { routerConfidence } from './app-router-access.ts';
import { isRouterFile } from './router-lib-require.ts';

/** Files under `express/lib/` that Express 5 still ships. */
const EXPRESS5_LIB = new Set(['application', 'express', 'request', 'response', 'utils', 'view']);
const LAYER_INTERNALS = new Set(['regexp', 'keys']);
const ITERATORS = new Set(['forEach', 'map', 'filter', 'find', 'findIndex', 'some', 'every', 'flatMap']);

export default createExpressRule({
  id: 'app-router-internals',
  meta: {
    description: 'Report code that reaches into Express 4 router internals',
    rows: [10, 56],
    kind: 'report',
    prefilter: ['_router', 'lazyrouter', '.regexp', '.keys', 'express/lib/'],
    signatures: [/Cannot find module 'express\/lib\/(router|middleware)/, /Cannot read propert(y|ies) of undefined \(reading 'stack'\)/, /lazyrouter is not a function/],
    messages: {
      lazyRouter:
        '`{{text}}()` was removed in Express 5. Use `routeStack(app)` or `listRoutes(app)` from straddle/express to read the routes on both majors.',
      layerInternals:
        'Router layers have no `{{property}}` in Express 5 (they match with `matchers`), so `{{text}}` is undefined there. Use `listRoutes(app)` from straddle\'s dependency-free list-routes helper (vendor its one file), which gives each route\'s full path, methods, parameter names (`keys`) and a `match(pathname)` the same on both majors.',
      deepImport:
        "'{{module}}' is an Express 4 file that Express 5 does not ship (its router is the `router` package). Use Express's public API, or `routeStack`/`listRoutes` from straddle/express for route introspection.",
      deepImportChanged:
        "'{{module}}' is an internal Express file whose contents changed in Express 5. Prefer the public API (`express.request`, `express.response`, `express.application`).",
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    const text = (node: ts.Node) => node.getText(sourceFile);
    const reportImport = (specifier: ts.Expression) => {
      const module = stringValue(specifier);
      const file = module?.match(/^express\/lib\/(.+?)(\.js)?$/)?.[1];
      if (!file) return;
      context.report({ node: specifier, messageId: EXPRESS5_LIB.has(file) ? 'deepImportChanged' : 'deepImport', data: { module: module! } });
    };
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        const name = node.name.text;
        // `app._router` itself: app-router-access rewrites it
        if (LAYER_INTERNALS.has(name) && !isCallee(node)) {
          const confidence = layerConfidence(facts, node.expression);
          if (confidence) context.report({ node, messageId: 'layerInternals', data: { text: text(node), property: name }, confidence });
        }
      },
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'lazyrouter');
        if (call) context.report({ node, messageId: 'lazyRouter', data: { text: text(node.expression) }, confidence: appConfidence(facts, call.receiver) });
        const callee = unwrap(node.expression);
        const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
        const isResolve = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'require' && callee.name.text === 'resolve';
        // a CommonJS require of a router file is router-lib-require's: it makes it dual
        if (isRequire && isRouterFile(stringValue(node.arguments[0]))) return;
        if ((isRequire || isResolve || node.expression.kind === ts.SyntaxKind.ImportKeyword) && node.arguments[0]) reportImport(node.arguments[0]);
      },
      ImportDeclaration(node: ts.ImportDeclaration) {
        reportImport(node.moduleSpecifier);
      },
    };
  },
});

// --- internal ---

/** `lazyrouter` exists only on Express apps: a receiver not shown to be one is a low-confidence guess. */
function appConfidence(facts: ExpressFacts, receiver: ts.Expression): Confidence {
  return facts.is(receiver, 'app')?.confidence ?? 'low';
}

function isCallee(node: ts.PropertyAccessExpression): boolean {
  return ts.isCallExpression(node.parent) && node.parent.expression === node;
}

/**
 * Whether an expression is a router layer: an element of a `.stack` of an app's router (`stack[i]`, a
 * `stack.forEach((layer) => …)` parameter, a `for (const layer of stack)` variable). High when the stack belongs
 * to an Express object or `_router`; a variable merely named like a layer is a low-confidence guess.
 */
function layerConfidence(facts: ExpressFacts, expression: ts.Expression): Confidence | undefined {
  const node = unwrap(expression);
  if (ts.isElementAccessExpression(node)) return stackConfidence(facts, node.expression);
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = facts.scopes.resolve(node);
  if (declaration && ts.isParameter(declaration) && declaration.parent.parameters[0] === declaration) {
    const fn = declaration.parent;
    const call = ts.isCallExpression(fn.parent) ? methodCall(fn.parent) : undefined;
    if (call && ITERATORS.has(call.name) && call.args[0] === fn) return stackConfidence(facts, call.receiver) ?? nameGuess(node);
  }
  if (declaration && ts.isVariableDeclaration(declaration) && ts.isVariableDeclarationList(declaration.parent) && ts.isForOfStatement(declaration.parent.parent)) {
    return stackConfidence(facts, declaration.parent.parent.expression) ?? nameGuess(node);
  }
  return nameGuess(node);
}

function stackConfidence(facts: ExpressFacts, expression: ts.Expression): Confidence | undefined {
  const node = unwrap(expression);
  // `stack.filter(…).map((layer) => …)`: still layers
  const chained = ts.isCallExpression(node) ? methodCall(node) : undefined;
  if (chained && (ITERATORS.has(chained.name) || chained.name === 'slice')) return stackConfidence(facts, chained.receiver);
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== 'stack') return undefined;
  let owner = unwrap(node.expression);
  // app-router-access's dual form, `(app._router ?? …router).stack`
  if (ts.isBinaryExpression(owner) && owner.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) owner = unwrap(owner.left);
  if (ts.isPropertyAccessExpression(owner) && owner.name.text === '_router') return routerConfidence(facts, owner);
  return facts.is(owner, 'app', 'router', 'route')?.confidence;
}

function nameGuess(identifier: ts.Identifier): Confidence | undefined {
  return /layer/i.test(identifier.text) ? 'low' : undefined;
}
