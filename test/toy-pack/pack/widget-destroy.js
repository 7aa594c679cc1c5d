// @ts-check
/** `wk.destroy()` is gone in widgetkit 2, and nothing does the same on both majors: reported, never rewritten. */
import { widgetkitCall } from './_facts.js';

/** @type {import('../../../src/index.ts').Rule<'destroyRemoved', Set<string>>} */
export default {
  id: 'widget-destroy',
  meta: {
    description: 'destroy() is removed in widgetkit 2 and has no replacement that works on both majors',
    rows: [2],
    kind: 'report',
    messages: { destroyRemoved: '{{receiver}}.destroy() is removed in widgetkit 2. Remove the call once nothing needs widgetkit 1.' },
    prefilter: ['.destroy('],
    signatures: [/destroy is not a function/],
  },
  create(context) {
    return {
      /** @param {import('typescript').CallExpression} node */
      CallExpression(node) {
        const call = widgetkitCall(node, 'destroy', context.facts);
        if (call) context.report({ node, messageId: 'destroyRemoved', data: { receiver: call.receiver } });
      },
    };
  },
};
