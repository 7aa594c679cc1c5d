/**
 * @module codemods/express/async-handler
 * Row 26: Express 5 passes a rejected handler promise to `next(err)`; Express 4 ignores it, so the request hangs
 * and Node logs an unhandled rejection. No rewrite keeps a handler's own code dual: the shim feature
 * `async-handler` gives Express 4 the Express 5 behaviour, and the upgrade loop wires it.
 */
import ts from 'typescript';
import { HTTP_VERBS, moduleBindingOf, type ExpressFacts } from './_facts.ts';
import { createExpressRule, methodCall } from './_rule.ts';
import { unwrap } from './_scope.ts';

const REGISTRATIONS = new Set([...HTTP_VERBS, 'use', 'param']);
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

export default createExpressRule({
  id: 'async-handler',
  meta: {
    description: 'Report async handlers whose rejections leave the request hanging on Express 4',
    rows: [26],
    kind: 'shim',
    prefilter: ['async', '.then('],
    messages: {
      rejectionHangs:
        "This handler returns a promise. If it rejects, Express 4 leaves the request hanging while Express 5 passes the error to `next(err)`. Enable the shim feature 'async-handler' (`straddle(app)` from straddle/express) to get Express 5's behaviour on both, or catch the error and call `next(err)` yourself.",
    },
  },
  create(context) {
    const patched = importsPatch(context.facts, context.sourceFile);
    const check = (fn: ts.FunctionLikeDeclaration) => {
      if (patched) return;
      const handler = context.facts.enclosingHandler(fn.body ?? fn);
      if (handler?.fn !== fn || !returnsUnguardedPromise(fn) || isWrapped(context.facts, fn)) return;
      // on its name or `async`, where the function starts: a site the whole handler long would have every fix inside
      // the body make the engine read the file again for this finding
      const async = fn.modifiers?.find((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
      context.report({ node: fn.name ?? async ?? fn, messageId: 'rejectionHangs', confidence: handler.confidence });
    };
    return { ArrowFunction: check, FunctionExpression: check, FunctionDeclaration: check };
  },
});

// --- internal ---

/** Packages that patch Express 4's router to forward rejections, as Express 5 does. */
const REJECTION_PATCHES = new Set(['express-async-errors', '@awaitjs/express']);

function importsPatch(facts: ExpressFacts, sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some((statement) => {
    if (ts.isImportDeclaration(statement)) return ts.isStringLiteral(statement.moduleSpecifier) && REJECTION_PATCHES.has(statement.moduleSpecifier.text);
    const required = ts.isExpressionStatement(statement) ? moduleBindingOf(facts, statement.expression) : undefined;
    return !!required && REJECTION_PATCHES.has(required.module);
  });
}

/** An async function whose body is not one big try/catch, or a function returning an uncaught promise chain. */
function returnsUnguardedPromise(fn: ts.FunctionLikeDeclaration): boolean {
  const body = fn.body;
  if (!body) return false;
  if (fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return !(ts.isBlock(body) && isCaughtEntirely(body));
  if (!ts.isBlock(body)) return isUncaughtChain(body);
  return body.statements.some((s) => ts.isReturnStatement(s) && !!s.expression && isUncaughtChain(s.expression));
}

function isCaughtEntirely(body: ts.Block): boolean {
  return body.statements.length === 1 && ts.isTryStatement(body.statements[0]!) && !!body.statements[0].catchClause;
}

/** `x.then(f)` / `x.finally(f)` not ending in `.catch(…)` or `.then(ok, fail)`. */
function isUncaughtChain(expression: ts.Expression): boolean {
  const call = unwrap(expression);
  if (!ts.isCallExpression(call)) return false;
  const chained = methodCall(call);
  if (!chained || !PROMISE_METHODS.has(chained.name)) return false;
  return !(chained.name === 'catch' || (chained.name === 'then' && chained.args.length > 1));
}

/** `app.get('/', wrap(async (req, res) => …))`: a helper such as express-async-handler already catches. */
function isWrapped(facts: ExpressFacts, fn: ts.FunctionLikeDeclaration): boolean {
  let parent = fn.parent;
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
  if (!ts.isCallExpression(parent) || parent.expression === fn) return false;
  const registration = methodCall(parent);
  return !(registration && REGISTRATIONS.has(registration.name) && facts.is(registration.receiver, 'app', 'router', 'route'));
}
