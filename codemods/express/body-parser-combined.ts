/**
 * @module codemods/express/body-parser-combined
 * Row 45: body-parser 2 (Express 5's) throws on the combined `bodyParser()` middleware. Inside `app.use(…)` it
 * becomes the two parsers it stood for, in the same order: JSON, then urlencoded with 4's `extended: true`.
 */
import ts from 'typescript';
import { moduleBindingOf } from './_facts.ts';
import { createExpressRule, isRepeatable, methodCall, propertyName } from './_rule.ts';
import { unwrap } from './_scope.ts';

export default createExpressRule({
  id: 'body-parser-combined',
  meta: {
    description: 'Replace the removed combined `bodyParser()` middleware with `bodyParser.json()` and `bodyParser.urlencoded()`',
    rows: [45],
    kind: 'both',
    prefilter: ['body-parser'],
    signatures: [/The bodyParser\(\) generic has been split/],
    messages: {
      splitParser:
        '`{{callee}}()` throws in body-parser 2, which Express 5 uses. Use `{{callee}}.json({{options}}), {{callee}}.urlencoded({{urlencodedOptions}})` instead.',
    },
  },
  create(context) {
    const { sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const binding = moduleBindingOf(context.facts, node.expression);
        if (binding?.module !== 'body-parser' || binding.name !== undefined) return;
        const callee = node.expression.getText(sourceFile);
        const options = node.arguments.length ? unwrap(node.arguments[0]!) : undefined;
        const split = splitOptions(options, sourceFile);
        const use = node.parent && ts.isCallExpression(node.parent) ? methodCall(node.parent, 'use') : undefined;
        const owner = use && use.args.includes(node) ? context.facts.is(use.receiver, 'app', 'router') : undefined;
        context.report({
          node,
          messageId: 'splitParser',
          data: { callee, options: split?.json ?? '…', urlencodedOptions: split?.urlencoded ?? '{ extended: true, … }' },
          confidence: owner?.confidence,
          fix:
            owner && split && node.arguments.length <= 1
              ? (fixer) => fixer.replaceText(node, `${callee}.json(${split.json}), ${callee}.urlencoded(${split.urlencoded})`)
              : null,
        });
      },
    };
  },
});

// --- internal ---

/**
 * The options each parser gets. `bodyParser(opts)` gave both parsers `opts` with `type` reset, so only literals
 * of repeatable values without `type` are split; urlencoded keeps 4's `extended: true` unless set.
 */
function splitOptions(options: ts.Expression | undefined, sourceFile: ts.SourceFile): { json: string; urlencoded: string } | undefined {
  if (!options) return { json: '', urlencoded: '{ extended: true }' };
  if (!ts.isObjectLiteralExpression(options)) return undefined;
  const names = options.properties.map(propertyName);
  // each value is written twice, so it must be cheap and free of side effects
  const repeatable = (p: ts.ObjectLiteralElementLike) => ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && (isRepeatable(p.initializer) || isKeywordLiteral(p.initializer)));
  if (!options.properties.every(repeatable) || names.includes('type') || names.includes(undefined)) return undefined;
  const text = options.getText(sourceFile);
  if (!options.properties.length) return { json: '', urlencoded: '{ extended: true }' };
  const inner = text.slice(1, -1).trim().replace(/,$/, '');
  return { json: text, urlencoded: names.includes('extended') ? text : `{ extended: true, ${inner} }` };
}

function isKeywordLiteral(expression: ts.Expression): boolean {
  const kind = unwrap(expression).kind;
  return kind === ts.SyntaxKind.TrueKeyword || kind === ts.SyntaxKind.FalseKeyword || kind === ts.SyntaxKind.NullKeyword;
}
