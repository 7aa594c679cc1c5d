/**
 * @module codemods/fastify/logger-instance
 * Row 25: Fastify 4 took a logger instance (pino, or any object with its methods) as `logger`; Fastify 5 throws at
 * construction for it (FST_ERR_LOG_INVALID_LOGGER_CONFIG) and takes it as `loggerInstance`, a key every 4.x ignores
 * (no logs at all). `tsc` sees nothing: a pino instance type-checks as logger options. No one options object serves
 * both majors, so the site is reported: pass options instead of an instance where that is all it carried, or choose
 * the key by major (straddle/fastify's `fastifyOptions` does).
 */
import ts from 'typescript';
import type { FastifyFacts } from './_facts.ts';
import { findProperty, objectLiteralOf, optionsAt, propertyName, propertyValue } from './_options.ts';
import { createFastifyRule } from './_rule.ts';
import { unwrap } from '../../lib/ts-scope/scope.ts';

/** The methods Fastify looks for on a logger instance; an object literal with them is one. */
const LOGGER_METHODS = new Set(['info', 'error', 'debug', 'fatal', 'warn', 'trace', 'child']);

type LoggerValue = 'options' | 'instance' | 'unknown';

export default createFastifyRule({
  id: 'logger-instance',
  meta: {
    description: 'Report logger instances passed as the `logger` option, and `loggerInstance`, which Fastify 4 ignores',
    rows: [25],
    kind: 'report',
    prefilter: ['logger'],
    signatures: [/FST_ERR_LOG_INVALID_LOGGER_CONFIG|Invalid logger object provided/],
    messages: {
      instance:
        '`logger: {{value}}` passes a logger instance, which Fastify 5 refuses at construction (FST_ERR_LOG_INVALID_LOGGER_CONFIG); its new key, `loggerInstance`, is ignored by every Fastify 4. Pass logger options (`logger: { level, transport }`) if that is all the instance carried, or choose the key by major, as `fastifyOptions(fastify, options)` from straddle/fastify does.',
      maybeInstance:
        '`logger: {{value}}` may be a logger instance, which Fastify 5 refuses at construction (FST_ERR_LOG_INVALID_LOGGER_CONFIG). Check what `{{value}}` holds: options (`true`, `{ level }`) work on 4 and 5; an instance needs its key chosen by major, as `fastifyOptions(fastify, options)` from straddle/fastify does.',
      loggerInstanceOn4:
        '`loggerInstance` is Fastify 5\'s key: every Fastify 4 ignores it and logs nothing. If the code must run on 4 too, choose the key by major, as `fastifyOptions(fastify, options)` from straddle/fastify does.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        if (!facts.isFactoryCall(node)) return;
        const site = optionsAt(facts, node);
        if (site.kind !== 'literal') return;
        const withInstance = findProperty(site.object, 'loggerInstance');
        // the new key written on purpose: code for 5 only is fine, code for both is not
        if (withInstance && context.options.target !== 'new') {
          context.report({ node: withInstance, messageId: 'loggerInstanceOn4', confidence: 'high' });
          return;
        }
        const property = findProperty(site.object, 'logger');
        const value = property && propertyValue(property);
        if (!property || !value) return;
        const kind = loggerValue(facts, value);
        if (kind === 'options') return;
        context.report({ node: property, messageId: kind === 'instance' ? 'instance' : 'maybeInstance', data: { value: value.getText(sourceFile) }, confidence: 'high' });
      },
    };
  },
});

// --- internal ---

/** What a `logger` value is, as far as the file shows: options, an instance, or unknown. */
function loggerValue(facts: FastifyFacts, expression: ts.Expression, depth = 0): LoggerValue {
  const node = unwrap(expression);
  if (depth > 3) return 'unknown';
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword) return 'options';
  if (ts.isIdentifier(node) && node.text === 'undefined') return 'options';
  if (ts.isObjectLiteralExpression(node)) return hasLoggerMethods(node) ? 'instance' : 'options';
  // `pino()`, `new Logger()`, `log.child({…})`: what builds a logger; `a ? pino() : false`: either branch
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return 'instance';
  if (ts.isConditionalExpression(node)) return worst(loggerValue(facts, node.whenTrue, depth + 1), loggerValue(facts, node.whenFalse, depth + 1));
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(node.operatorToken.kind))
    return worst(loggerValue(facts, node.left, depth + 1), loggerValue(facts, node.right, depth + 1));
  // `envToLogger[env]`, `settings.logger`: a value of a `const` object literal of this file, whichever is taken
  if ((ts.isElementAccessExpression(node) || ts.isPropertyAccessExpression(node)) && ts.isIdentifier(unwrap(node.expression))) {
    const table = objectLiteralOf(facts, node.expression);
    const values = table?.properties.map((p) => propertyValue(p));
    if (values?.length && values.every((v) => v)) return values.map((v) => loggerValue(facts, v!, depth + 1)).reduce(worst);
  }
  if (ts.isIdentifier(node)) {
    const declaration = facts.scopes.resolve(node);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && (declaration.parent.flags & ts.NodeFlags.Const) !== 0) {
      return loggerValue(facts, declaration.initializer, depth + 1);
    }
    const literal = objectLiteralOf(facts, node);
    if (literal) return hasLoggerMethods(literal) ? 'instance' : 'options';
  }
  return 'unknown';
}

const worst = (a: LoggerValue, b: LoggerValue): LoggerValue => (a === 'instance' || b === 'instance' ? 'instance' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'options');

/** An object literal written as a logger: it has `info` and `child` (Fastify asks for every method; these two tell). */
function hasLoggerMethods(object: ts.ObjectLiteralExpression): boolean {
  const names = new Set(object.properties.map(propertyName).filter((n): n is string => !!n && LOGGER_METHODS.has(n)));
  return names.has('info') && names.has('child');
}
