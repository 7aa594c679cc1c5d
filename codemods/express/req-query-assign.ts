/**
 * @module codemods/express/req-query-assign
 * Row 37: `req.query` is a getter in Express 5, re-parsed from the URL on every read. Assigning it throws in strict
 * code (and is ignored in sloppy code); changes to its properties are lost at the next read. The spec's both-form
 * makes `req.query` an own, writable data property of that request with `Object.defineProperty`, which shadows
 * Express 5's getter and is a plain property write on Express 4: an assignment becomes that call, and a function
 * that changes members first pins a copy of the parsed query. Code we cannot edit (a sanitizer in node_modules)
 * still needs the shim feature `req-query-assign`.
 */
import ts from 'typescript';
import type { Fixer } from '../../src/authoring.ts';
import type { ExpressFacts, RoleInfo } from './_facts.ts';
import { createExpressRule, indentationOf } from './_rule.ts';
import { referencesOf, unwrap } from './_scope.ts';
import { isWriteTarget } from './req-body-undefined.ts';

const WRITABLE = 'writable: true, configurable: true, enumerable: true';

const OWN_DESCRIPTOR = /getOwnPropertyDescriptors?\(\s*[\w$.]+\s*(,\s*['"`]query['"`])?\s*\)/;
// a defineProperty of `query` that is not the fix's own (which always ends with WRITABLE)
const FOREIGN_DEFINE = new RegExp(`defineProperty\\(\\s*[\\w$.]+\\s*,\\s*['"\`]query['"\`]\\s*,(?![^;]*${WRITABLE} \\}\\))`);

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken, ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

export default createExpressRule({
  id: 'req-query-assign',
  meta: {
    description: 'Rewrite writes to `req.query`, a read-only getter in Express 5, into forms that work on both majors',
    rows: [37],
    kind: 'both',
    prefilter: ['.query', "'query'", '"query"', '`query`'],
    signatures: [/Cannot set property query of .* which has only a getter/],
    messages: {
      replaceQuery:
        "`req.query` is a getter in Express 5: assigning it throws in strict code and is ignored otherwise. Define it on the request instead: `Object.defineProperty({{req}}, 'query', { value, writable: true, … })` works on both majors.",
      keyedQuery:
        "`{{req}}[…]` here may be `{{req}}.query` (this file names `'query'`), a getter in Express 5: writing it throws in strict code, and changes to it are lost at the next read. Pin a writable copy first (`Object.defineProperty({{req}}, 'query', { value: { ...{{req}}.query }, writable: true, … })`, as the fix does at the top of the function).",
      mutateQuery:
        "Express 5 parses `req.query` again on every read, so this change to it is lost. Pin a writable copy first (`Object.defineProperty({{req}}, 'query', { value: { ...{{req}}.query }, writable: true, … })`, as the fix does at the top of the handler), or keep the changed values elsewhere (e.g. `res.locals.query`).",
    },
  },
  create(context) {
    const sf = context.sourceFile;
    // code that saves and restores `req.query`'s own descriptor (a sanitizer, a test helper) must keep it: a
    // defineProperty of ours would drop its defaults on 4 and meet its non-configurable property on 5
    const managesDescriptor = OWN_DESCRIPTOR.test(sf.text) || FOREIGN_DEFINE.test(sf.text);
    // `req[part]` is taken for `req.query` only in a file that names the part (`clean('query', req)`, `['body', 'query']`)
    const namesQuery = /['"`]query['"`]/.test(sf.text);
    /** `intoObject`: the write goes into the object `target` evaluates to (`Object.assign(req.query, …)`). */
    const report = (node: ts.Node, target: ts.Expression, intoObject = false) => {
      const write = queryWrite(context.facts, target, namesQuery);
      if (!write) return;
      const whole = write.whole && !intoObject && !write.keyed;
      if (!whole && isPinned(context.facts, write.reqNode)) return; // already writable for this request: fine on both
      const req = write.reqNode.getText(sf);
      context.report({
        node,
        messageId: whole ? 'replaceQuery' : write.keyed ? 'keyedQuery' : 'mutateQuery',
        data: { req },
        confidence: write.req.confidence,
        fix: !ts.isIdentifier(write.reqNode) || managesDescriptor ? null : whole ? assignFix(node, req) : pinFix(write.reqNode, req),
      });
    };

    /** `req.query = value;` → `Object.defineProperty(req, 'query', { value, … });` (plain `=` statements only). */
    const assignFix = (node: ts.Node, req: string) => {
      if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isExpressionStatement(node.parent)) return null;
      return (fixer: Fixer) => fixer.replaceText(node, `Object.defineProperty(${req}, 'query', { value: ${node.right.getText(sf)}, ${WRITABLE} })`);
    };

    /** A writable copy pinned at the top of the function whose parameter `req` is; one per function (same edit). */
    const pinFix = (reqNode: ts.Identifier, req: string) => {
      const first = bodyOfDeclaringFunction(context.facts, reqNode)?.statements[0];
      if (!first) return null;
      const line = `Object.defineProperty(${req}, 'query', { value: { ...${req}.query }, ${WRITABLE} });`;
      return (fixer: Fixer) => fixer.insertBefore(first, `${line}\n${indentationOf(first, sf)}`);
    };

    return {
      BinaryExpression(node: ts.BinaryExpression) {
        if (ASSIGNMENTS.has(node.operatorToken.kind)) report(node, node.left);
      },
      PrefixUnaryExpression(node: ts.PrefixUnaryExpression) {
        if (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) report(node, node.operand);
      },
      PostfixUnaryExpression(node: ts.PostfixUnaryExpression) {
        report(node, node.operand);
      },
      DeleteExpression(node: ts.DeleteExpression) {
        report(node, node.expression);
      },
      CallExpression(node: ts.CallExpression) {
        const callee = unwrap(node.expression);
        const isAssign = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object' && callee.name.text === 'assign';
        if (isAssign && node.arguments[0]) report(node, node.arguments[0], true);
      },
    };
  },
});

// --- internal ---

interface QueryRead {
  req: RoleInfo;
  reqNode: ts.Expression;
  /** Read through a computed key that may or may not be `'query'` (`req[part]`). */
  keyed: boolean;
}

/**
 * `req.query` itself (whole) or a member at any depth below it (`req.query.page`, `req.query['a'].b`), also through
 * a local alias (`const q = req.query; q.page = 1`) and, when `keyed` reads count, a computed part (`req[part]`).
 */
function queryWrite(facts: ExpressFacts, target: ts.Expression, keyed: boolean): (QueryRead & { whole: boolean }) | undefined {
  let node = unwrap(target);
  let whole = true;
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const read = queryRead(facts, node, keyed);
    if (read) return { whole, ...read };
    whole = false;
    node = unwrap(node.expression);
  }
  const alias = !whole && ts.isIdentifier(node) ? facts.scopes.resolve(node) : undefined;
  if (!alias || !ts.isVariableDeclaration(alias) || !ts.isIdentifier(alias.name) || !alias.initializer || isReassigned(facts, alias)) return undefined;
  const read = queryRead(facts, unwrap(alias.initializer), keyed);
  return read && { whole: false, ...read };
}

/** `req.query`, `req['query']`, or (`keyed`) `req[part]` with a computed part. */
function queryRead(facts: ExpressFacts, node: ts.Expression, keyed: boolean): QueryRead | undefined {
  let computed = false;
  if (ts.isPropertyAccessExpression(node)) {
    if (node.name.text !== 'query') return undefined;
  } else if (ts.isElementAccessExpression(node)) {
    const key = unwrap(node.argumentExpression);
    computed = !ts.isStringLiteralLike(key) && !ts.isNumericLiteral(key);
    if (computed ? !keyed : !ts.isStringLiteralLike(key) || key.text !== 'query') return undefined;
  } else return undefined;
  const req = facts.is(node.expression, 'req');
  return req && { req, reqNode: unwrap(node.expression), keyed: computed };
}

/** A `var`/`let` alias written again anywhere it is in scope no longer stands for what it was declared as. */
function isReassigned(facts: ExpressFacts, declaration: ts.VariableDeclaration): boolean {
  return !(declaration.parent.flags & ts.NodeFlags.Const) && referencesOf(declaration, facts.scopes, facts.sourceFile).some(isWriteTarget);
}

/** The block body of the function that declares `req` as a parameter. */
function bodyOfDeclaringFunction(facts: ExpressFacts, req: ts.Expression): ts.Block | undefined {
  if (!ts.isIdentifier(req)) return undefined;
  const parameter = facts.scopes.resolve(req);
  const fn = parameter && ts.isParameter(parameter) ? parameter.parent : undefined;
  const body = fn && ts.isFunctionLike(fn) ? (fn as ts.FunctionLikeDeclaration).body : undefined;
  return body && ts.isBlock(body) ? body : undefined;
}

/** `Object.defineProperty(req, 'query', …)` already stands among the statements of the function declaring `req`. */
function isPinned(facts: ExpressFacts, req: ts.Expression): boolean {
  const body = bodyOfDeclaringFunction(facts, req);
  return !!body?.statements.some((statement) => {
    const call = ts.isExpressionStatement(statement) ? unwrap(statement.expression) : undefined;
    if (!call || !ts.isCallExpression(call) || call.expression.getText() !== 'Object.defineProperty') return false;
    const [target, key] = call.arguments;
    return !!target && ts.isIdentifier(target) && target.text === (req as ts.Identifier).text && !!key && ts.isStringLiteral(key) && key.text === 'query';
  });
}
