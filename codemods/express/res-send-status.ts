/**
 * @module codemods/express/res-send-status
 * Rows 12–13: `res.send(status)` and `res.send(status, body)` / `res.send(body, status)` were removed in Express 5,
 * which silently sends the number as a JSON body with status 200. Express 4's own argument disambiguation decides
 * which argument is the status; a site whose types cannot be told apart is reported, never guessed.
 * Also exports the status/body ordering shared with `res-json-status`.
 */
import ts from 'typescript';
import type { Confidence, RuleContext } from '../../src/authoring.ts';
import { isNonNumericLiteral, isNumeric, type ExpressFacts } from './_facts.ts';
import { createExpressRule, methodCall, type MethodCall } from './_rule.ts';
import { unwrap } from './_scope.ts';

/** `typeof x === 'number'` at run time: true, false, or unknown (undefined). */
export type Known = boolean | undefined;

/** Whether an expression is a number at run time, as far as the file shows. */
function numberness(facts: ExpressFacts, expression: ts.Expression): Known {
  if (isNumeric(facts, expression)) return true;
  return isNonNumeric(facts, expression) ? false : undefined;
}

/** Clearly not a number: non-numeric literals, string concatenation, `new X()`, bindings typed or initialised as such. */
function isNonNumeric(facts: ExpressFacts, expression: ts.Expression): boolean {
  const node = unwrap(expression);
  if (isNonNumericLiteral(node) || isStringExpression(node) || ts.isNewExpression(node) || ts.isTypeOfExpression(node)) return true;
  if (!ts.isIdentifier(node)) return false;
  const declaration = facts.scopes.resolve(node);
  if (!declaration || !(ts.isVariableDeclaration(declaration) || ts.isParameter(declaration))) return false;
  if (declaration.type) return isNonNumberType(declaration.type);
  const constant = ts.isVariableDeclaration(declaration) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
  return constant && !!declaration.initializer && isNonNumericLiteral(declaration.initializer);
}

/** A string literal or template, or `+` with one on either side (`'/users/' + id` is a string whatever `id` is). */
function isStringExpression(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) return true;
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && (isStringExpression(node.left) || isStringExpression(node.right));
}

function isNonNumberType(type: ts.TypeNode): boolean {
  switch (type.kind) {
    case ts.SyntaxKind.StringKeyword:
    case ts.SyntaxKind.BooleanKeyword:
    case ts.SyntaxKind.ObjectKeyword:
    case ts.SyntaxKind.TypeLiteral:
    case ts.SyntaxKind.ArrayType:
    case ts.SyntaxKind.TupleType:
    case ts.SyntaxKind.LiteralType:
      return !(ts.isLiteralTypeNode(type) && ts.isNumericLiteral(type.literal));
    default:
      return false;
  }
}

const not = (a: Known): Known => (a === undefined ? undefined : !a);
const and = (a: Known, b: Known): Known => (a === false || b === false ? false : a && b);

/** A numeric literal that is not an integer HTTP status (`200.5`, `42`): Express 4 would have thrown on it. */
export function isInvalidStatusLiteral(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  if (!ts.isNumericLiteral(node)) return false;
  const value = Number(node.text);
  return !Number.isInteger(value) || value < 100 || value > 999;
}

export interface StatusAndBody {
  status: ts.Expression;
  body: ts.Expression;
}

/**
 * Which of two arguments Express 4 took as the status. `statusIsSecond` is Express 4's test, in terms of whether each
 * argument is a number; undefined when the file cannot decide it or the chosen status is not proven a number.
 */
export function statusAndBody(
  facts: ExpressFacts,
  [first, second]: readonly ts.Expression[],
  statusIsSecond: (first: Known, second: Known) => Known,
): StatusAndBody | undefined {
  if (!first || !second) return undefined;
  const order = statusIsSecond(numberness(facts, first), numberness(facts, second));
  if (order === undefined) return undefined;
  const picked = order ? { status: second, body: first } : { status: first, body: second };
  return isNumeric(facts, picked.status) && !isInvalidStatusLiteral(picked.status) ? picked : undefined;
}

/**
 * Reports a two-argument call: rewritten to `<receiver>.status(<status>).<method>(<body>)` when the order is known,
 * reported without a fix otherwise.
 */
export function reportStatusBody(
  context: RuleContext<'statusBody' | 'unknownStatus', ExpressFacts>,
  call: MethodCall,
  order: StatusAndBody | undefined,
  method: string,
  confidence: Confidence,
): void {
  const { sourceFile } = context;
  const node = call.call;
  const data = { receiver: call.receiver.getText(sourceFile), call: node.getText(sourceFile), method: call.name };
  if (!order) {
    context.report({ node, messageId: 'unknownStatus', data, confidence });
    return;
  }
  const fixed = `status(${order.status.getText(sourceFile)}).${method}(${order.body.getText(sourceFile)})`;
  context.report({
    node,
    messageId: 'statusBody',
    data: { ...data, fixed },
    confidence,
    fix: (fixer) => fixer.replaceRange(call.nameNode.getStart(sourceFile), node.end, fixed),
  });
}

// `res.send(code)` with a variable is everyday code for bodies too; only a status-like name is worth a report.
const STATUS_NAME = /(^|[a-z_])(status|statusCode|code|httpStatus)$/i;

function looksLikeStatus(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  if (ts.isIdentifier(node)) return STATUS_NAME.test(node.text);
  if (ts.isPropertyAccessExpression(node)) return STATUS_NAME.test(node.name.text);
  return false;
}

// Express 4 `res.send`: `(body, status)` when the first is not a number and the second is; `(status, body)` otherwise.
const sendStatusIsSecond = (first: Known, second: Known): Known => and(not(first), second);

export default createExpressRule({
  id: 'res-send-status',
  meta: {
    description: 'Replace `res.send(status)` and `res.send(status, body)` with `res.sendStatus()` and `res.status().send()`',
    rows: [12, 13],
    kind: 'both',
    prefilter: ['.send('],
    // the status it writes is a number and never a literal outside 100–999
    writesNothingFor: ['res-status-invalid'],
    messages: {
      sendStatus:
        '`{{receiver}}.send({{status}})` sets the status only on Express 4; Express 5 answers 200 with the number as the body. Use `{{receiver}}.sendStatus({{status}})` instead.',
      statusBody:
        '`{{call}}` passes a status and a body, which Express 5 no longer accepts (it answers 200). Use `{{receiver}}.{{fixed}}` instead.',
      unknownStatus:
        '`{{call}}` may pass a status that is not known to be a number here. If it is a status, write `{{receiver}}.status(code).send(body)` or `{{receiver}}.sendStatus(code)`; the `straddle/express` shim reports such calls at run time.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'send');
        if (!call || call.args.length === 0 || call.args.length > 2) return;
        const res = facts.is(call.receiver, 'res');
        if (!res) return;
        if (call.args.length === 1) {
          const [argument] = call.args as [ts.Expression];
          const data = { receiver: call.receiver.getText(sourceFile), call: node.getText(sourceFile) };
          if (isNumeric(facts, argument)) {
            // `res.send(200.5)` is no status: Express 4 threw on it, there is nothing to preserve
            if (isInvalidStatusLiteral(argument)) return;
            context.report({
              node,
              messageId: 'sendStatus',
              data: { ...data, status: argument.getText(sourceFile) },
              confidence: res.confidence,
              fix: (fixer) => fixer.replaceText(call.nameNode, 'sendStatus'),
            });
          } else if (looksLikeStatus(argument)) {
            context.report({ node, messageId: 'unknownStatus', data, confidence: res.confidence });
          }
          return;
        }
        const order = statusAndBody(facts, call.args, sendStatusIsSecond);
        // Express 4 sent a numeric body of the two-argument form as JSON; `send(number)` alone would be a status
        const method = order && isNumeric(facts, order.body) ? 'json' : 'send';
        reportStatusBody(context, call, order, method, res.confidence);
      },
    };
  },
});
