/**
 * @module codemods/express/req-param
 * Row 4: `req.param(name[, default])` was removed in Express 5. Express 4 looked the name up in route params, then the
 * body, then the query string, skipping `null`/`undefined` (`!= null`), and fell back to the default. `??` chains say
 * exactly that; `req.param('body')` is the parameter named "body", not `req.body`. Where the project's lint parses
 * nothing newer than ES2019, JavaScript gets the same lookup as `!= null` conditionals.
 */
import ts from 'typescript';
import { languageOf } from '../../src/authoring.ts';
import { createExpressRule, isRepeatable, memberAccess, methodCall, stringValue } from './_rule.ts';
import { unwrap } from './_scope.ts';

/**
 * Whether `a ?? b` needs parentheses at this position (it cannot mix with `||`/`&&` and binds looser than most), or
 * `a != null ? a : b`, which binds looser still.
 */
function needsParentheses(node: ts.Expression, conditional: boolean): boolean {
  const parent = node.parent;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return parent.expression === node;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    return !((parent.right === node && op === ts.SyntaxKind.EqualsToken) || (!conditional && op === ts.SyntaxKind.QuestionQuestionToken));
  }
  if (conditional && ts.isConditionalExpression(parent)) return parent.condition === node;
  return !(
    ts.isVariableDeclaration(parent) ||
    ts.isReturnStatement(parent) ||
    ts.isExpressionStatement(parent) ||
    ts.isParenthesizedExpression(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isArrayLiteralExpression(parent) ||
    ts.isTemplateSpan(parent) ||
    ts.isArrowFunction(parent) ||
    ts.isElementAccessExpression(parent)
  );
}

/** Whether evaluating an expression can have an effect (the default is evaluated lazily after the rewrite). */
function hasEffects(expression: ts.Node): boolean {
  if (ts.isCallExpression(expression) || ts.isNewExpression(expression) || ts.isAwaitExpression(expression)) return true;
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && expression.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
  if (ts.isPrefixUnaryExpression(expression) || ts.isPostfixUnaryExpression(expression)) {
    const op = expression.operator;
    if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken) return true;
  }
  return ts.forEachChild(expression, hasEffects) ?? false;
}

const SIMPLE_OPERAND = (node: ts.Expression) =>
  ts.isIdentifier(node) || ts.isLiteralExpression(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ||
  ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node) || ts.isParenthesizedExpression(node) ||
  node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword;

export default createExpressRule({
  id: 'req-param',
  meta: {
    description: 'Replace the removed `req.param(name)` with an explicit lookup in params, body and query',
    rows: [4],
    kind: 'both',
    prefilter: ['.param('],
    // it writes reads only: `req.body` behind `?.` or `|| {}`, `req.query` inside a `??` or `?:` chain
    writesNothingFor: ['req-body-undefined', 'req-query-assign', 'express-query-middleware'],
    signatures: [/req\.param is not a function/, /\.param is not a function/],
    messages: {
      explicitLookup:
        '`{{call}}` was removed in Express 5. Use `{{replacement}}`, which looks in route params, then the body, then the query string, as Express 4 did.',
      cannotRewrite:
        '`{{call}}` was removed in Express 5. Read the value from `req.params`, `req.body` or `req.query` explicitly (Express 4 tried them in that order, skipping null and undefined).',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'param');
        if (!call || call.args.length < 1 || call.args.length > 2) return;
        const req = facts.is(call.receiver, 'req');
        if (!req) return;
        const data = { call: node.getText(sourceFile) };
        const conditional = languageOf(sourceFile.fileName) === 'javascript' && (context.options.ecmaVersion ?? Infinity) < 2020;
        const replacement = lookup(call.receiver, call.args[0]!, call.args[1], conditional);
        if (!replacement) {
          context.report({ node, messageId: 'cannotRewrite', data, confidence: req.confidence });
          return;
        }
        const text = needsParentheses(node, conditional) ? `(${replacement})` : replacement;
        context.report({
          node,
          messageId: 'explicitLookup',
          data: { ...data, replacement },
          confidence: req.confidence,
          fix: (fixer) => fixer.replaceText(node, text),
        });
      },
    };

    /**
     * `req.params.x ?? req.body?.x ?? req.query.x [?? default]` (`conditional`: `req.params.x != null ? req.params.x :
     * …`, with `(req.body || {}).x`), or undefined when it would not mean the same.
     */
    function lookup(receiver: ts.Expression, key: ts.Expression, fallback: ts.Expression | undefined, conditional: boolean): string | undefined {
      if (!isRepeatable(receiver)) return undefined;
      const req = receiver.getText(sourceFile);
      const name = stringValue(key);
      let sources: string[];
      if (name !== undefined) {
        // Express 4 skipped inherited params (`hasOwnProperty`); `req.params.constructor` would not
        if (name in Object.prototype) return undefined;
        const body = conditional ? memberAccess(`(${req}.body || {})`, name) : memberAccess(`${req}.body`, name, true);
        sources = [memberAccess(`${req}.params`, name), body, memberAccess(`${req}.query`, name)];
      } else {
        const unwrapped = unwrap(key);
        if (!ts.isIdentifier(unwrapped)) return undefined;
        const k = unwrapped.text;
        sources = [`${req}.params[${k}]`, conditional ? `(${req}.body || {})[${k}]` : `${req}.body?.[${k}]`, `${req}.query[${k}]`];
      }
      if (fallback) {
        if (hasEffects(fallback)) return undefined;
        const text = fallback.getText(sourceFile);
        sources.push(SIMPLE_OPERAND(fallback) ? text : `(${text})`);
      }
      if (!conditional) return sources.join(' ?? ');
      const last = sources.pop()!;
      return [...sources.map((source) => `${source} != null ? ${source} : `), last].join('');
    }
  },
});
