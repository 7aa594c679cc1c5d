/**
 * @module codemods/express/has-own-property
 * Rows 35, 40, 54: on Express 5 `req.params` (string paths), `req.query` (simple parser, or `'query parser'`
 * false), `app.settings`, `app.cache` and `app.engines` have a null prototype, so their own `.hasOwnProperty()`
 * is undefined. `Object.prototype.hasOwnProperty.call(x, k)` works on both; `Object.hasOwn` with `--target 5`.
 */
import ts from 'typescript';
import { createExpressRule, methodCall } from './_rule.ts';
import { unwrap } from './_scope.ts';
import type { Role } from './_facts.ts';

/** Which properties of which Express objects have a null prototype on Express 5. */
const NULL_PROTOTYPE: Partial<Record<Role, ReadonlySet<string>>> = {
  req: new Set(['params', 'query']),
  app: new Set(['settings', 'cache', 'engines']),
};

export default createExpressRule({
  id: 'has-own-property',
  meta: {
    description: 'Call `hasOwnProperty` through `Object.prototype` on Express objects that have no prototype in Express 5',
    rows: [35, 40, 54],
    kind: 'both',
    prefilter: ['.hasOwnProperty('],
    signatures: [/\.hasOwnProperty is not a function/],
    messages: {
      useCall: '`{{object}}` has no prototype in Express 5, so `{{object}}.hasOwnProperty(…)` throws. Use `{{replacement}}({{object}}, …)` instead.',
    },
  },
  create(context) {
    const replacement = context.options.target === 'new' ? 'Object.hasOwn' : 'Object.prototype.hasOwnProperty.call';
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'hasOwnProperty');
        if (!call || call.args.length !== 1) return;
        const object = unwrap(call.receiver);
        if (!ts.isPropertyAccessExpression(object)) return;
        const owner = context.facts.roleOf(object.expression);
        if (!owner || !NULL_PROTOTYPE[owner.role]?.has(object.name.text)) return;
        const objectText = call.receiver.getText(context.sourceFile);
        context.report({
          node,
          messageId: 'useCall',
          data: { object: objectText, replacement },
          confidence: owner.confidence,
          fix: (fixer) => fixer.replaceText(node, `${replacement}(${objectText}, ${call.args[0]!.getText(context.sourceFile)})`),
        });
      },
    };
  },
});
