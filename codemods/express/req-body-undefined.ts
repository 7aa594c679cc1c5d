/**
 * @module codemods/express/req-body-undefined
 * Row 42: on Express 5 (body-parser 2) `req.body` is `undefined` unless a parser actually parsed the request
 * (a GET through `express.json()`, a mismatched content type); Express 4 gave `{}`. Reads through it get a `{}`
 * fallback, `(req.body || {}).x` (so what threw on 4 still throws, identically on 5) and `const { a } = req.body || {}`:
 * the `{}` Express 4 gave, in syntax every toolchain parses (a project's linter at ecmaVersion 6 rejects `?.` and
 * `??`, and its pretest lint then stops the suite).
 */
import ts from 'typescript';
import { createExpressRule } from './_rule.ts';

type Access = ts.PropertyAccessExpression | ts.ElementAccessExpression;

const isAccess = (node: ts.Node): node is Access => ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node);

/** Written to (`req.body.x = 1`, `req.body.n++`, `delete req.body.x`) rather than read. */
export function isWriteTarget(node: ts.Expression): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && parent.left === node) {
    const op = parent.operatorToken.kind;
    return op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent))
    return parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken;
  return ts.isDeleteExpression(parent);
}

const squash = (text: string) => text.replace(/\s+/g, '');

/** `cond` tests `body` for truth: `body`, `body && …`, `… && body`, `body != null`. */
function testsTruthy(cond: ts.Expression, body: string, sourceFile: ts.SourceFile): boolean {
  let node = cond;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return testsTruthy(node.left, body, sourceFile) || testsTruthy(node.right, body, sourceFile);
    if (op === ts.SyntaxKind.ExclamationEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken) {
      return squash(node.left.getText(sourceFile)) === body && /^(null|undefined)$/.test(node.right.getText(sourceFile));
    }
  }
  return squash(node.getText(sourceFile)) === body;
}

const within = (node: ts.Node, outer: ts.Node) => node.pos >= outer.pos && node.end <= outer.end;
const READS_ALL = /^Object\.(keys|values|entries)\(/;
/** `Object.keys(body)`, also with a fallback as this rule writes it (`Object.keys(body || {})`) or `??`, squashed. */
const readsAllOf = (call: string, body: string) => [`(${body})`, `(${body}||{})`, `(${body}??{})`].some((form) => call.includes(form));

/**
 * Already guarded: under a test of `body` (`body ? body.x : ''`, `body && body.x`, `if (body) …`), or inside a loop
 * or callback over `Object.keys(body)` / `for (k in body)`, which would have thrown before reaching it.
 */
function isGuarded(access: ts.Node, body: string, sourceFile: ts.SourceFile): boolean {
  for (let child: ts.Node = access, node = access.parent; node && !ts.isSourceFile(node); child = node, node = node.parent) {
    if (ts.isConditionalExpression(node) && child === node.whenTrue && testsTruthy(node.condition, body, sourceFile)) return true;
    if (ts.isBinaryExpression(node) && child === node.right && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && testsTruthy(node.left, body, sourceFile)) return true;
    if (ts.isIfStatement(node) && child === node.thenStatement && testsTruthy(node.expression, body, sourceFile)) return true;
    if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && within(access, node.statement)) {
      const over = squash(node.expression.getText(sourceFile));
      if (over === body || (READS_ALL.test(over) && readsAllOf(over, body))) return true;
    }
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isCallExpression(node.parent) && node.parent.arguments.includes(node)) {
      const callee = squash(node.parent.expression.getText(sourceFile));
      if (READS_ALL.test(callee) && readsAllOf(callee, body)) return true;
    }
  }
  return false;
}

export default createExpressRule({
  id: 'req-body-undefined',
  meta: {
    description: 'Read `req.body` with a `{}` fallback, as Express 5 leaves it undefined when nothing was parsed',
    rows: [42],
    kind: 'both',
    prefilter: ['.body'],
    signatures: [
      /Cannot read propert(y|ies) of undefined \(reading '[^']+'\)/,
      /Cannot destructure property '[^']+' of '[^']*body' as it is undefined/,
      /Cannot convert undefined or null to object/,
      // a dependency that checks `req.body` itself says so (oauth-style grant servers, form handlers)
      /requires body parsing|forget[^\n]*bodyParser/i,
    ],
    messages: {
      optionalBody:
        '`{{code}}` fails on Express 5 when no body was parsed (`req.body` is undefined; Express 4 gave `{}`). Use `{{fixed}}` instead.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    /** The request role when `node` is `<req>.body` on an Express request. */
    const bodyOf = (node: ts.Expression) =>
      ts.isPropertyAccessExpression(node) && node.name.text === 'body' ? facts.is(node.expression, 'req') : undefined;
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        const req = bodyOf(node);
        if (!req) return;
        const access = node.parent;
        // `?.` cannot be assigned to
        if (!isAccess(access) || access.expression !== node || access.questionDotToken || isWriteTarget(access)) return;
        const body = node.getText(sourceFile);
        if (isGuarded(access, squash(body), sourceFile)) return;
        const fixed = `(${body} || {})${sourceFile.text.slice(node.end, access.end)}`;
        context.report({
          node: access,
          messageId: 'optionalBody',
          data: { code: access.getText(sourceFile), fixed },
          confidence: req.confidence,
          fix: (fixer) => [fixer.insertBefore(node, '('), fixer.insertAfter(node, ' || {})')],
        });
      },
      // `Object.keys(req.body)` (also values, entries) throws on undefined: `Object.keys(req.body || {})`
      CallExpression(node: ts.CallExpression) {
        const [argument] = node.arguments;
        if (!argument || node.arguments.length !== 1 || !READS_ALL.test(squash(node.getText(sourceFile)))) return;
        const req = bodyOf(argument);
        const body = argument.getText(sourceFile);
        if (!req || isGuarded(node, squash(body), sourceFile)) return;
        context.report({
          node,
          messageId: 'optionalBody',
          data: { code: node.getText(sourceFile), fixed: `${node.expression.getText(sourceFile)}(${body} || {})` },
          confidence: req.confidence,
          fix: (fixer) => fixer.insertAfter(argument, ' || {}'),
        });
      },
      VariableDeclaration(node: ts.VariableDeclaration) {
        if (!ts.isObjectBindingPattern(node.name) || !node.initializer) return;
        const initializer = node.initializer;
        const req = bodyOf(initializer);
        if (!req || isGuarded(initializer, squash(initializer.getText(sourceFile)), sourceFile)) return;
        const body = initializer.getText(sourceFile);
        context.report({
          node: initializer,
          messageId: 'optionalBody',
          data: { code: node.getText(sourceFile), fixed: `${node.name.getText(sourceFile)} = ${body} || {}` },
          confidence: req.confidence,
          fix: (fixer) => fixer.insertAfter(initializer, ' || {}'),
        });
      },
    };
  },
});
