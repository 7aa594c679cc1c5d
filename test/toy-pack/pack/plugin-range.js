// @ts-check
/**
 * `wk.plugin(fn, { widgetkit: '1.x' })`: a plugin names the majors it serves, and widgetkit 2 refuses one that does
 * not name it. Widening the range to `'1.x || 2.x'` is a claim only the plugin's tests can prove, so the fix is
 * low confidence: the upgrade loop tries it and keeps it only if a failing test then passes.
 */
import ts from 'typescript';
import { widgetkitCall } from './_facts.js';

/** @type {import('../../../src/index.ts').Rule<'oldRange', Set<string>>} */
export default {
  id: 'plugin-range',
  meta: {
    description: "a plugin's declared widgetkit range names 2.x too, once its tests pass on both majors",
    rows: [3],
    kind: 'both',
    messages: { oldRange: "This plugin declares widgetkit '{{range}}', which widgetkit 2 refuses. Declare '{{range}} || 2.x' once its tests pass on both." },
    prefilter: ['.plugin('],
    signatures: [/plugin expects widgetkit/],
  },
  create(context) {
    return {
      /** @param {import('typescript').CallExpression} node */
      CallExpression(node) {
        if (!widgetkitCall(node, 'plugin', context.facts)) return;
        const meta = node.arguments[1];
        if (!meta || !ts.isObjectLiteralExpression(meta)) return;
        for (const property of meta.properties) {
          if (!ts.isPropertyAssignment(property) || property.name.getText(context.sourceFile) !== 'widgetkit') continue;
          const range = property.initializer;
          if (!ts.isStringLiteral(range) || range.text.includes('2')) continue;
          context.report({
            node: range,
            messageId: 'oldRange',
            data: { range: range.text },
            confidence: 'low',
            fix: (fixer) => fixer.replaceText(range, `'${range.text} || 2.x'`),
          });
        }
      },
    };
  },
};
