/**
 * @module codemods/express/express-query-middleware
 * Row 7: the `express.query()` middleware was removed in Express 5. Apps already parse `req.query` themselves
 * (the `'query parser'` setting); its options belong there, which works on both majors.
 */
import ts from 'typescript';
import { isModuleExport } from './_facts.ts';
import { createExpressRule } from './_rule.ts';

export default createExpressRule({
  id: 'express-query-middleware',
  meta: {
    description: 'Report the removed `express.query()` middleware',
    rows: [7],
    kind: 'report',
    prefilter: ['.query'],
    signatures: [/express\.query is not a function/],
    messages: {
      removeQueryMiddleware:
        "`{{text}}` was removed in Express 5. Remove the middleware: the app parses `req.query` itself. To pass parser options, set them on the app instead, which works on both majors: `app.set('query parser', (str) => qs.parse(str, options))`.",
    },
  },
  create(context) {
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        if (node.name.text !== 'query' || !isModuleExport(context.facts, node, ['express'], 'query')) return;
        context.report({ node, messageId: 'removeQueryMiddleware', data: { text: node.getText(context.sourceFile) } });
      },
    };
  },
});
