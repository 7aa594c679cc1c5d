/**
 * @module codemods/fastify/listen-variadic
 * Row 11 (FSTDEP011): Fastify 5's `listen` takes one options object and a callback. `app.listen(3000)`,
 * `app.listen(port, host, cb)` and `app.listen('/tmp/app.sock')` throw there ("Cannot create property 'host' on
 * number"). Fastify 4 read the arguments by position (lib/server.js, `normalizeListenArgs`): the last one is the
 * callback when it is a function; a string that is not a number is a socket path; else the first is the port
 * (coerced: a number, a numeric string, anything else 0, any free port), the second the host (`localhost` when it is
 * missing or falsy), the third the backlog. The options object says the same on every 4.x and 5.x, with the host
 * kept as 4.x had it: an unset host is written `host || 'localhost'`, never `undefined` (which 4.0–4.28 bound to
 * every interface, row 28).
 */
import ts from 'typescript';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import { isNumeric, type FastifyFacts } from './_facts.ts';
import { createFastifyRule, methodCall, stringValue } from './_rule.ts';

const PORT_NAME = /port/i;
const HOST_NAME = /host|addr|address|interface|bind|^ip$/i;

export default createFastifyRule({
  id: 'listen-variadic',
  meta: {
    description: 'Rewrite `app.listen(port, host, cb)` to `app.listen({ port, host }, cb)`',
    rows: [11],
    kind: 'both',
    prefilter: ['.listen('],
    signatures: [/Cannot create property 'host' on (?:number|string)/, /\bcb is not a function/],
    messages: {
      optionsObject:
        '`{{call}}` passes listen arguments one by one, which Fastify 5 no longer accepts (it throws at start). Use `{{receiver}}.listen({{options}}{{rest}})` instead, which works on Fastify 4 and 5.',
      unknownArgument:
        '`{{call}}` passes listen arguments one by one, which Fastify 5 no longer accepts, but what `{{argument}}` holds (a port, a host, a callback, options?) is not known here. Pass one options object and the callback: `{{receiver}}.listen({ port, host }, callback)`.',
      extraArguments:
        '`{{call}}` passes arguments after the options object, which Fastify 5 no longer accepts (only a callback may follow it). Move the host and backlog into the object: `{{receiver}}.listen({ port, host, backlog }, callback)`.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    const shorthand = context.options.ecmaVersion === undefined || context.options.ecmaVersion >= 2015;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'listen');
        if (!call || !call.args.length) return;
        const instance = facts.is(call.receiver, 'instance');
        if (!instance) return;
        const receiver = call.receiver.getText(sourceFile);
        const args = call.args;
        // the call as a message shows it: an inline callback is only `callback`
        const shown = `${receiver}.listen(${args.map((a) => (isFunctionValue(facts, a) && !ts.isIdentifier(unwrap(a)) ? 'callback' : a.getText(sourceFile))).join(', ')})`;
        const report = (messageId: 'unknownArgument' | 'extraArguments', argument?: ts.Expression) =>
          context.report({ node, messageId, data: { call: shown, receiver, argument: argument?.getText(sourceFile) ?? '' }, confidence: instance.confidence });
        const first = args[0]!;
        if (isObjectValue(facts, first) || isFunctionValue(facts, first)) {
          // the 5.x form (a callback may follow, `done` included, whatever the file shows of it), or
          // `listen({ port }, host, cb)`: 4.x read the extra arguments in an order of its own
          if (args.length > 2 || (args.length === 2 && isNotFunction(facts, args[1]!))) report('extraArguments');
          return;
        }
        if (args.some((a) => ts.isSpreadElement(a))) return report('unknownArgument', args.find((a) => ts.isSpreadElement(a)));
        const last = args.at(-1)!;
        const hasCallback = args.length > 1 && isFunctionValue(facts, last);
        if (args.length > 1 && !hasCallback && !isNotFunction(facts, last)) return report('unknownArgument', last);
        const positional = hasCallback ? args.slice(0, -1) : args;
        const options = optionsOf(facts, sourceFile, positional, shorthand);
        if (!options) return report('unknownArgument', first);
        const replaced = { start: first.getStart(sourceFile), end: positional.at(-1)!.end };
        context.report({
          node,
          messageId: 'optionsObject',
          data: { call: shown, receiver, options, rest: hasCallback ? (ts.isIdentifier(unwrap(last)) ? `, ${last.getText(sourceFile)}` : ', callback') : '' },
          confidence: instance.confidence,
          // the positional arguments become one object; the callback, and what surrounds the call, stay as they were
          fix: (fixer) => fixer.replaceRange(replaced.start, replaced.end, options),
        });
      },
    };
  },
});

/** The options object the positional arguments stand for, as 4.x read them; undefined when they cannot be read. */
function optionsOf(facts: FastifyFacts, sourceFile: ts.SourceFile, positional: readonly ts.Expression[], shorthand: boolean): string | undefined {
  const [first, ...others] = positional as [ts.Expression, ...ts.Expression[]];
  const text = (e: ts.Expression) => e.getText(sourceFile);
  const property = (key: string, value: string) => (shorthand && value === key ? key : `${key}: ${value}`);
  const literal = stringValue(first);
  // a string that is not a number is a socket path: `listen(path[, backlog])`
  if (literal !== undefined && Number.isNaN(Number(literal))) {
    if (others.length > 1) return undefined;
    return `{ ${[property('path', text(first)), ...others.map((backlog) => property('backlog', text(backlog)))].join(', ')} }`;
  }
  if (others.length > 2) return undefined;
  const port = portValue(facts, first, text);
  if (port === undefined) return undefined;
  const [host, backlog] = others;
  const parts = [property('port', port)];
  const hostText = host && hostValue(facts, host, text);
  if (hostText) parts.push(property('host', hostText));
  if (backlog) parts.push(property('backlog', text(backlog)));
  return `{ ${parts.join(', ')} }`;
}

/**
 * The port as 4.x had it: a number as it is; a numeric string as its number (from 4.9; 4.0 took any free port for
 * a string); anything else port-like through `Number(…)`, and `|| 0` (any free port) where it may be unset or not a
 * number, as 4.x listened then. Undefined when the value may be an options object.
 */
function portValue(facts: FastifyFacts, port: ts.Expression, text: (e: ts.Expression) => string): string | undefined {
  const node = unwrap(port);
  const literal = stringValue(node);
  if (literal !== undefined) return String(Number(literal));
  if (isSureNumber(facts, node)) return text(port);
  if (isNumeric(facts, node)) return `${wrapped(port, text)} || 0`;
  if (!isPortLike(facts, node)) return undefined;
  return hasFallback(facts, node) ? `Number(${text(port)})` : `Number(${text(port)}) || 0`;
}

/** The host as 4.x had it: a missing or falsy host is `localhost`, so `undefined` never reaches listen. */
function hostValue(facts: FastifyFacts, host: ts.Expression, text: (e: ts.Expression) => string): string | undefined {
  const node = unwrap(host);
  const literal = stringValue(node);
  if (literal !== undefined) return literal ? text(host) : undefined;
  if (node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined')) return undefined;
  if (isStringFallback(node) || isNonEmptyStringConst(facts, node)) return text(host);
  return `${wrapped(host, text)} || 'localhost'`;
}

/** `HOST` declared `const HOST = '0.0.0.0'` or `const HOST = process.env.HOST || '0.0.0.0'`: never falsy. */
function isNonEmptyStringConst(facts: FastifyFacts, node: ts.Expression): boolean {
  const declaration = ts.isIdentifier(node) ? facts.scopes.resolve(node) : undefined;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !(declaration.parent.flags & ts.NodeFlags.Const) || !declaration.initializer) return false;
  const value = unwrap(declaration.initializer);
  return !!stringValue(value) || isStringFallback(value);
}

/** `e` as an operand of `||`: in parentheses unless it binds tighter already (names, calls, `a || b`). */
function wrapped(expression: ts.Expression, text: (e: ts.Expression) => string): string {
  const node = unwrap(expression);
  const tight = ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node) ||
    ts.isLiteralExpression(node) || ts.isTemplateExpression(node) || ts.isParenthesizedExpression(expression) ||
    (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.BarBarToken);
  return tight ? text(expression) : `(${text(expression)})`;
}

/** A number that is neither NaN nor missing: a literal, a `const` of one, a binding typed `number`. */
function isSureNumber(facts: FastifyFacts, node: ts.Expression): boolean {
  if (ts.isNumericLiteral(node)) return true;
  // `parseInt(x, 10) || 3000`: a NaN or 0 takes the default
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.BarBarToken) return isNumeric(facts, node.left) && isSureNumber(facts, unwrap(node.right));
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) return isSureNumber(facts, unwrap(node.operand));
  if (!ts.isIdentifier(node)) return false;
  const declaration = facts.scopes.resolve(node);
  if (declaration && (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration)) && declaration.type) return declaration.type.kind === ts.SyntaxKind.NumberKeyword;
  return !!declaration && ts.isVariableDeclaration(declaration) && !!declaration.initializer && ts.isNumericLiteral(unwrap(declaration.initializer));
}

/** `x || 3000`, `x ?? '8080'` (or a `const` holding it): a default that is a port, so the value is never unset. */
function hasFallback(facts: FastifyFacts, node: ts.Expression): boolean {
  if (ts.isIdentifier(node)) {
    const declaration = facts.scopes.resolve(node);
    const constant = declaration && ts.isVariableDeclaration(declaration) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    return !!constant && !!declaration.initializer && hasFallback(facts, unwrap(declaration.initializer));
  }
  if (!ts.isBinaryExpression(node) || !(node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return false;
  const right = unwrap(node.right);
  const literal = stringValue(right);
  return ts.isNumericLiteral(right) || (literal !== undefined && literal.trim() !== '' && Number(literal) >= 0);
}

/** `x || '0.0.0.0'`: a host that is never falsy. */
function isStringFallback(node: ts.Expression): boolean {
  if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.BarBarToken) return false;
  return !!stringValue(node.right);
}

/** What is a port and never options: env values, names saying port, strings, numeric expressions and their defaults. */
function isPortLike(facts: FastifyFacts, node: ts.Expression, depth = 0): boolean {
  node = unwrap(node);
  if (depth > 3) return false;
  if (stringValue(node) !== undefined || ts.isTemplateExpression(node) || ts.isNumericLiteral(node) || isNumeric(facts, node) || isEnvRead(node)) return true;
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken))
    return isPortLike(facts, node.left, depth + 1) && isPortLike(facts, node.right, depth + 1);
  if (ts.isConditionalExpression(node)) return isPortLike(facts, node.whenTrue, depth + 1) && isPortLike(facts, node.whenFalse, depth + 1);
  if (ts.isPropertyAccessExpression(node)) return PORT_NAME.test(node.name.text);
  if (ts.isIdentifier(node)) {
    const declaration = facts.scopes.resolve(node);
    const typed = declaration && (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration)) ? declaration.type : undefined;
    if (typed) return typed.kind === ts.SyntaxKind.NumberKeyword || typed.kind === ts.SyntaxKind.StringKeyword;
    const initializer = declaration && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
    if (initializer && isPortLike(facts, initializer, depth + 1)) return true;
    return PORT_NAME.test(node.text) && !(initializer && (isObjectValue(facts, initializer) || isFunctionValue(facts, initializer)));
  }
  return false;
}

/** `process.env.X` / `process.env['X']`: a string or undefined. */
function isEnvRead(node: ts.Expression): boolean {
  const owner = ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ? unwrap(node.expression) : undefined;
  return !!owner && ts.isPropertyAccessExpression(owner) && owner.name.text === 'env' && ts.isIdentifier(owner.expression) && owner.expression.text === 'process';
}

/** An object literal, or a `const` holding one: the 5.x options. */
function isObjectValue(facts: FastifyFacts, expression: ts.Expression): boolean {
  const node = unwrap(expression);
  if (ts.isObjectLiteralExpression(node)) return true;
  const declaration = ts.isIdentifier(node) ? facts.scopes.resolve(node) : undefined;
  const initializer = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? unwrap(declaration.initializer) : undefined;
  return !!initializer && ts.isObjectLiteralExpression(initializer);
}

/** A function: inline, a function declared or held in a `const` by that name, `f.bind(…)`. */
function isFunctionValue(facts: FastifyFacts, expression: ts.Expression): boolean {
  const node = unwrap(expression);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return true;
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'bind') return true;
  if (!ts.isIdentifier(node)) return false;
  const declaration = facts.scopes.resolve(node);
  if (!declaration) return false;
  if (ts.isFunctionDeclaration(declaration)) return true;
  if (ts.isParameter(declaration) && declaration.type) return ts.isFunctionTypeNode(declaration.type);
  const initializer = ts.isVariableDeclaration(declaration) && declaration.initializer ? unwrap(declaration.initializer) : undefined;
  return !!initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer));
}

/** Surely not a function, so not the callback in last place: a host, a port or a backlog by its value or name. */
function isNotFunction(facts: FastifyFacts, expression: ts.Expression): boolean {
  const node = unwrap(expression);
  if (isPortLike(facts, node) || isStringFallback(node) || node.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isIdentifier(node) && node.text === 'undefined') return true;
  if (ts.isPropertyAccessExpression(node)) return HOST_NAME.test(node.name.text) || /backlog/i.test(node.name.text);
  if (!ts.isIdentifier(node)) return false;
  const declaration = facts.scopes.resolve(node);
  const typed = declaration && (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration)) ? declaration.type : undefined;
  if (typed) return typed.kind === ts.SyntaxKind.StringKeyword || typed.kind === ts.SyntaxKind.NumberKeyword;
  const initializer = declaration && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  if (initializer) return isNotFunction(facts, initializer) && !isFunctionValue(facts, initializer);
  return HOST_NAME.test(node.text) || /backlog/i.test(node.text);
}
