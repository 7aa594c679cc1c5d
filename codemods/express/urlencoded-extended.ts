/**
 * @module codemods/express/urlencoded-extended
 * Rows 43–44: `express.urlencoded()` / `bodyParser.urlencoded()` default to `extended: true` on Express 4 (with a
 * deprecation warning) and to `extended: false` on Express 5, so `a[b]=1` stops nesting. Passing `extended: true`
 * keeps 4's parsing on both. `extended: false` keeps its values, but the body gains `Object.prototype` on 5.
 */
import ts from 'typescript';
import type { Fixer } from '../../src/authoring.ts';
import { isModuleExport } from './_facts.ts';
import { createExpressRule, insertBeforeInLayout, propertyName } from './_rule.ts';
import { unwrap } from './_scope.ts';

const PARSER_MODULES = ['express', 'body-parser'];

export default createExpressRule({
  id: 'urlencoded-extended',
  meta: {
    description: 'Pass `extended: true` to `urlencoded()` body parsers, the Express 4 default',
    rows: [43, 44],
    kind: 'both',
    prefilter: ['urlencoded('],
    messages: {
      addExtended:
        '`{{callee}}()` without `extended` nests bracket keys (`a[b]=1`) on Express 4 but not on Express 5, where `extended` defaults to false. Pass `extended: true` to keep the Express 4 parsing on both.',
      optionsNotLiteral:
        '`{{callee}}({{options}})` may lack `extended`, which defaults to true on Express 4 and to false on Express 5. Make sure these options set `extended: true` (or `false` if flat keys are meant).',
      extendedFalse:
        "With `extended: false`, Express 4 parses into an object without a prototype and Express 5 into a plain object, so `req.body[key]` or `key in req.body` now also see inherited members such as 'constructor'. Check own keys with `Object.prototype.hasOwnProperty.call(req.body, key)`.",
    },
  },
  create(context) {
    return {
      CallExpression(node: ts.CallExpression) {
        if (!isModuleExport(context.facts, node.expression, PARSER_MODULES, 'urlencoded')) return;
        const callee = node.expression.getText(context.sourceFile);
        const options = node.arguments[0] && unwrap(node.arguments[0]);
        if (!options) {
          context.report({
            node,
            messageId: 'addExtended',
            data: { callee },
            fix: (fixer) => fixer.replaceRange(node.arguments.pos, node.arguments.end, '{ extended: true }'),
          });
          return;
        }
        if (!ts.isObjectLiteralExpression(options)) {
          context.report({ node: options, messageId: 'optionsNotLiteral', data: { callee, options: options.getText(context.sourceFile) } });
          return;
        }
        const extended = options.properties.find((p) => propertyName(p) === 'extended');
        if (extended) {
          if (ts.isPropertyAssignment(extended) && extended.initializer.kind === ts.SyntaxKind.FalseKeyword)
            context.report({ node: extended, messageId: 'extendedFalse', note: true });
          return;
        }
        const spread = options.properties.some((p) => ts.isSpreadAssignment(p));
        context.report({
          node: options,
          messageId: spread ? 'optionsNotLiteral' : 'addExtended',
          data: { callee, options: options.getText(context.sourceFile) },
          fix: spread ? null : (fixer) => addFirstProperty(fixer, options, 'extended: true', context.sourceFile),
        });
      },
    };
  },
});

// --- internal ---

/** Inserts `text` as the first property, on its own line when the literal spans lines. */
function addFirstProperty(fixer: Fixer, object: ts.ObjectLiteralExpression, text: string, sourceFile: ts.SourceFile) {
  const first = object.properties[0];
  return first ? insertBeforeInLayout(fixer, first, `${text},`, sourceFile) : fixer.replaceText(object, `{ ${text} }`);
}
