// @ts-check
/**
 * `wk.render(body, status)`: widgetkit 2 takes no status there. `wk.status(status).render(body)` behaves the same on
 * widgetkit 1 and 2.
 */
import { widgetkitCall } from './_facts.js';

/** @type {import('../../../src/index.ts').Rule<'statusArgument', Set<string>>} */
export default {
  id: 'render-status',
  meta: {
    description: 'render(body, status) becomes status(status).render(body), which works on widgetkit 1 and 2',
    rows: [1],
    kind: 'both',
    messages: { statusArgument: '{{receiver}}.render() takes no status in widgetkit 2. Use {{receiver}}.status({{status}}).render(…) instead.' },
    prefilter: ['.render('],
    signatures: [/render\(\) takes one argument/],
  },
  create(context) {
    return {
      /** @param {import('typescript').CallExpression} node */
      CallExpression(node) {
        const call = widgetkitCall(node, 'render', context.facts);
        if (!call || node.arguments.length !== 2) return;
        const [body, status] = node.arguments.map((argument) => argument.getText(context.sourceFile));
        context.report({
          node,
          messageId: 'statusArgument',
          data: { receiver: call.receiver, status: status ?? '' },
          fix: (fixer) => fixer.replaceText(node, `${call.receiver}.status(${status}).render(${body})`),
        });
      },
    };
  },
};
