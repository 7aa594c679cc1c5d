/**
 * @module codemods/express/app-router-internals
 * Rows 10, 56: Express 5 has no `app.lazyrouter()` (`app._router` is app-router-access's), its router comes from the `router` package with
 * other layer internals (`matchers` instead of `regexp`/`keys`), and `express/lib/router/*` and
 * `express/lib/middleware/*` are gone. Route introspection is what reaches for these: the shim's `routeStack()`
 * and `listRoutes()` answer on both majors. A read of `layer.regexp` / `layer.keys` in JavaScript becomes
 * `layerRegexp(layer)` / `layerKeys(layer)` from the list-routes helper, written next to the file (engine/helpers.ts):
 * Express 4's own value there, on Express 5 what Express 4 compiles for the same registration, so the code around it
 * (a mount path cut out of `regexp.source`, parameter names from `keys`) answers the same on both. Writes, optional
 * chains and TypeScript (whose build would not ship a sibling `.cjs`) stay reported. `layer.name === 'bound dispatch'`
 * (Express 5 names a route's layer `handle`) becomes `layer.route !== undefined`, true of route layers on both.
 * A read of `layer.path` / `layer.params` (the state of the layer's last match, which a stack walker reads after the
 * router matched the request; Express 5's router, 2.3 and later, keeps none) becomes `layerPath(layer)` /
 * `layerParams(layer)`: Express 4's own value there, on Express 5 what every match of a path without parameters takes
 * (a mount path cut off before looking inside answers the same on both; with parameters it stays undefined on 5).
 */
import ts from 'typescript';
import type { Confidence, Fixer } from '../../src/authoring.ts';
import { DEFAULTING, type ExpressFacts } from './_facts.ts';
import { createExpressRule, methodCall, stringValue } from './_rule.ts';
import { referencesOf, unwrap } from './_scope.ts';
import { helperImportEdit } from './_shim-wiring.ts';
import { LIST_ROUTES } from './_vendor.ts';
import { routerConfidence } from './app-router-access.ts';
import { isRouterFile } from './router-lib-require.ts';

/** Files under `express/lib/` that Express 5 still ships. */
const EXPRESS5_LIB = new Set(['application', 'express', 'request', 'response', 'utils', 'view']);
/** Each layer internal and the list-routes helper that answers it on both majors. */
const LAYER_INTERNALS = new Map([
  ['regexp', 'layerRegexp'],
  ['keys', 'layerKeys'],
]);
/** What Express 4's `layer.match(path)` leaves on the layer (Express 5's returns it instead), and its helper. */
const MATCH_STATE = new Map([
  ['path', 'layerPath'],
  ['params', 'layerParams'],
]);
const ITERATORS = new Set(['forEach', 'map', 'filter', 'find', 'findIndex', 'some', 'every', 'flatMap']);

export default createExpressRule({
  id: 'app-router-internals',
  meta: {
    description: 'Report code that reaches into Express 4 router internals',
    rows: [10, 56],
    kind: 'shim',
    prefilter: ['_router', 'lazyrouter', '.regexp', '.keys', '.stack', 'express/lib/', 'bound dispatch'],
    signatures: [/Cannot find module 'express\/lib\/(router|middleware)/, /Cannot read propert(y|ies) of undefined \(reading 'stack'\)/, /lazyrouter is not a function/],
    messages: {
      lazyRouter:
        '`{{text}}()` was removed in Express 5. Use `routeStack(app)` or `listRoutes(app)` from straddle/express to read the routes on both majors.',
      layerHelper:
        'Router layers have no `{{property}}` in Express 5 (they match with `matchers`), so `{{text}}` is undefined there. `{{helper}}({{object}})` from straddle\'s list-routes helper (one dependency-free file written next to this one) answers what Express 4 has, on both majors.',
      boundDispatch:
        "Express 5 names a route's layer `handle`, not `bound dispatch`, so `{{text}}` never holds there. `{{replacement}}` tells a route's layer on both majors.",
      layerStateHelper:
        "Router layers keep no match state in Express 5 (its router, 2.3 and later): `{{text}}` is undefined there even after the router matched `{{object}}` for this request, where Express 4 holds that match's {{property}}. `{{helper}}({{object}})` from straddle's list-routes helper (one dependency-free file written next to this one) answers Express 4's value on both majors for a layer whose path has no parameters; with parameters it stays undefined on Express 5, where what `{{object}}.match(pathname)` returns holds the match.",
      layerState:
        "Router layers keep no match state in Express 5 (its router, 2.3 and later): `{{text}}` is undefined there even after the router matched `{{object}}` for this request, and straddle does not rewrite it: it is {{why}}. Use `{{helper}}({{object}})` from straddle's list-routes helper (vendor its one file), Express 4's value on both majors for a path without parameters, or what `{{object}}.match(pathname)` returns on Express 5 (an object with `path` and `params`; Express 4 returns true and sets `{{text}}`).",
      layerInternals:
        'Router layers have no `{{property}}` in Express 5 (they match with `matchers`), so `{{text}}` is undefined there, and straddle does not rewrite it: it is {{why}}. Use `listRoutes(app)` from straddle\'s dependency-free list-routes helper (vendor its one file), which gives each route\'s full path, methods, parameter names (`keys`) and a `match(pathname)` the same on both majors, or its `{{helper}}(layer)`, which answers what Express 4 has on either.',
      deepImport:
        "'{{module}}' is an Express 4 file that Express 5 does not ship (its router is the `router` package). Use Express's public API, or `routeStack`/`listRoutes` from straddle/express for route introspection.",
      deepImportChanged:
        "'{{module}}' is an internal Express file whose contents changed in Express 5. Prefer the public API (`express.request`, `express.response`, `express.application`).",
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    const text = (node: ts.Node) => node.getText(sourceFile);
    // the helper's import names what the applied fixes call, so it is known before the walk reports them
    const reads = layerReads(facts, sourceFile);
    const fixed = [...reads.values()].filter((read) => !read.unfixable && (read.confidence === 'high' || context.options.assumeHandlers));
    const helperImport =
      fixed.length > 0 ? helperImportEdit(sourceFile, fixed[0]!.node.getStart(sourceFile), LIST_ROUTES, [...new Set(fixed.map((read) => read.helper))]) : undefined;
    const reportImport = (specifier: ts.Expression) => {
      const module = stringValue(specifier);
      const file = module?.match(/^express\/lib\/(.+?)(\.js)?$/)?.[1];
      if (!file) return;
      context.report({ node: specifier, messageId: EXPRESS5_LIB.has(file) ? 'deepImportChanged' : 'deepImport', data: { module: module! } });
    };
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        const read = reads.get(node);
        if (!read) return;
        const data = { text: text(node), property: node.name.text, helper: read.helper, object: text(node.expression) };
        if (read.unfixable) return context.report({ node, messageId: read.state ? 'layerState' : 'layerInternals', data: { ...data, why: read.unfixable }, confidence: read.confidence });
        const call = (fixer: Fixer) => fixer.replaceText(node, `${read.helper}(${data.object})`);
        const messageId = read.state ? 'layerStateHelper' : 'layerHelper';
        context.report({ node, messageId, data, confidence: read.confidence, fix: (fixer) => (helperImport ? [call(fixer), helperImport] : call(fixer)) });
      },
      BinaryExpression(node: ts.BinaryExpression) {
        const found = boundDispatchCheck(facts, node);
        if (!found) return;
        const data = { text: text(node), replacement: `${text(found.layer)}.route ${found.negated ? '===' : '!=='} undefined` };
        context.report({ node, messageId: 'boundDispatch', data, confidence: found.confidence, fix: (fixer) => fixer.replaceText(node, data.replacement) });
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

interface LayerRead {
  node: ts.PropertyAccessExpression;
  helper: string;
  /** A read of match state (`path`, `params`) rather than of what the layer was compiled to. */
  state: boolean;
  confidence: Confidence;
  /** Why the helper cannot stand in for it (a write, an optional chain, TypeScript); undefined for a plain read in JavaScript. */
  unfixable?: string;
}

/** Every read of `regexp` / `keys` (and of match state, in a file that walks a stack) on something shown (or named) to be a router layer. */
function layerReads(facts: ExpressFacts, sourceFile: ts.SourceFile): Map<ts.Node, LayerRead> {
  const reads = new Map<ts.Node, LayerRead>();
  // most files with the rule's words only call `Object.keys(…)`: no second walk for them
  const state = /\.stack\b/.test(sourceFile.text) && /\.(path|params)\b(?!\s*\()/.test(sourceFile.text);
  if (!state && !/\.(regexp|keys)\b(?!\s*\()/.test(sourceFile.text)) return reads;
  const javascript = /\.[cm]?jsx?$/.test(sourceFile.fileName);
  const visit = (node: ts.Node): void => {
    const name = ts.isPropertyAccessExpression(node) ? node.name.text : '';
    // a write of match state is the walker's own business (Express 4's router overwrites it at the next match)
    const stateRead = state && MATCH_STATE.has(name) && !isWritten(node as ts.PropertyAccessExpression);
    const helper = LAYER_INTERNALS.get(name) ?? (stateRead ? MATCH_STATE.get(name) : undefined);
    // a call (`layer.keys()`) is not the internal, and `app._router` itself is app-router-access's
    if (helper && ts.isPropertyAccessExpression(node) && !isCallee(node)) {
      const confidence = layerConfidence(facts, node.expression);
      if (confidence) reads.set(node, { node, helper, state: stateRead, confidence, unfixable: whyUnfixable(node, javascript) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return reads;
}

const EQUALITY = new Map([
  [ts.SyntaxKind.EqualsEqualsEqualsToken, false],
  [ts.SyntaxKind.EqualsEqualsToken, false],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken, true],
  [ts.SyntaxKind.ExclamationEqualsToken, true],
]);

/**
 * `layer.name === 'bound dispatch'` (either side, any equality): Express 4's name for a route's layer, which always has
 * `route` set, as Express 5's does.
 */
function boundDispatchCheck(facts: ExpressFacts, node: ts.BinaryExpression) {
  const negated = EQUALITY.get(node.operatorToken.kind);
  if (negated === undefined) return undefined;
  const [read, other] = stringValue(node.right) === 'bound dispatch' ? [unwrap(node.left), node.right] : [unwrap(node.right), node.left];
  if (stringValue(other) !== 'bound dispatch' || !ts.isPropertyAccessExpression(read) || read.name.text !== 'name') return undefined;
  const confidence = layerConfidence(facts, read.expression);
  return confidence && { layer: read.expression, negated, confidence };
}

function whyUnfixable(node: ts.PropertyAccessExpression, javascript: boolean): string | undefined {
  if (isWritten(node)) return 'a write (the helper answers reads)';
  if (ts.isOptionalChain(node)) return 'part of an optional chain (a helper call would not short-circuit it)';
  if (!javascript) return "in TypeScript (its build would not publish the helper's JavaScript file next to it)";
  return undefined;
}

function isWritten(node: ts.Expression): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) return parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  const counts = (operator: ts.SyntaxKind) => operator === ts.SyntaxKind.PlusPlusToken || operator === ts.SyntaxKind.MinusMinusToken;
  return ts.isDeleteExpression(parent) || ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && counts(parent.operator));
}

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

function stackConfidence(facts: ExpressFacts, expression: ts.Expression, seen = new Set<ts.Node>()): Confidence | undefined {
  const node = unwrap(expression);
  // `stack.filter(…).map((layer) => …)`: still layers
  const chained = ts.isCallExpression(node) ? methodCall(node) : undefined;
  if (chained && (ITERATORS.has(chained.name) || chained.name === 'slice')) return stackConfidence(facts, chained.receiver, seen);
  if (ts.isIdentifier(node)) return passedStack(facts, node, seen);
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== 'stack') return undefined;
  let owner = unwrap(node.expression);
  // app-router-access's dual form, `(app._router || …router).stack` (`??` before)
  if (ts.isBinaryExpression(owner) && DEFAULTING.has(owner.operatorToken.kind)) owner = unwrap(owner.left);
  if (ts.isPropertyAccessExpression(owner) && owner.name.text === '_router') return routerConfidence(facts, owner);
  return facts.is(owner, 'app', 'router', 'route')?.confidence;
}

/**
 * A walker's parameter (`function walk(stack) { stack.some((layer) => …) }`) is a stack when the walker is only called
 * in its file and every call from outside it passes one; its recursive calls (`walk(layer.handle.stack)`) pass it on.
 */
function passedStack(facts: ExpressFacts, identifier: ts.Identifier, seen: Set<ts.Node>): Confidence | undefined {
  const parameter = facts.scopes.resolve(identifier);
  if (!parameter || !ts.isParameter(parameter) || seen.has(parameter)) return undefined;
  seen.add(parameter);
  const fn = parameter.parent;
  const walker = ts.isFunctionDeclaration(fn) ? fn : ts.isVariableDeclaration(fn.parent) && fn.parent.initializer === fn ? fn.parent : undefined;
  if (!walker) return undefined;
  const index = fn.parameters.indexOf(parameter);
  const calls: ts.CallExpression[] = [];
  for (const reference of referencesOf(walker, facts.scopes, identifier.getSourceFile())) {
    const call = reference.parent;
    // passed on or exported, the walker has callers this file does not show
    if (!ts.isCallExpression(call) || call.expression !== reference) return undefined;
    if (!isWithin(call, fn)) calls.push(call);
  }
  if (calls.length === 0) return undefined;
  let confidence: Confidence = 'high';
  for (const call of calls) {
    const argument = call.arguments[index];
    const passed = argument && stackConfidence(facts, argument, seen);
    if (!passed) return undefined;
    if (passed === 'low') confidence = 'low';
  }
  return confidence;
}

function isWithin(node: ts.Node, ancestor: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) if (current === ancestor) return true;
  return false;
}

function nameGuess(identifier: ts.Identifier): Confidence | undefined {
  return /layer/i.test(identifier.text) ? 'low' : undefined;
}
