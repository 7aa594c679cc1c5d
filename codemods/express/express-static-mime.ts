/**
 * @module codemods/express/express-static-mime
 * Row 8: `express.static.mime` (serve-static's re-export of mime@1) is gone in Express 5. The `mime-types` package
 * replaces it, but with another API: `lookup` returns false instead of 'application/octet-stream', and there is
 * no `define`, `load` or `default_type`. No rewrite is safe without reading what the code does with the result.
 */
import ts from 'typescript';
import { isModuleExport, moduleBindingOf } from './_facts.ts';
import { createExpressRule } from './_rule.ts';
import { unwrap } from './_scope.ts';

export default createExpressRule({
  id: 'express-static-mime',
  meta: {
    description: 'Report uses of `express.static.mime`, removed in Express 5',
    rows: [8],
    kind: 'report',
    prefilter: ['.mime'],
    signatures: [/Cannot read propert(y|ies) of undefined \(reading '(lookup|define|load|extension|charsets|default_type)'\)/],
    messages: {
      useMimeTypes:
        "`{{text}}` (mime@1) does not exist in Express 5. Use the `mime-types` package (add it as a dependency): its `lookup` returns false instead of 'application/octet-stream', `charsets.lookup(t)` becomes `charset(t)`, and `define`/`load`/`default_type` have no equivalent (add entries to `mimeTypes.types` instead).",
    },
  },
  create(context) {
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        if (node.name.text !== 'mime') return;
        const owner = unwrap(node.expression);
        const serveStatic = moduleBindingOf(context.facts, owner);
        const isMime = isModuleExport(context.facts, owner, ['express'], 'static') || (serveStatic?.module === 'serve-static' && !serveStatic.name);
        if (isMime) context.report({ node, messageId: 'useMimeTypes', data: { text: node.getText(context.sourceFile) } });
      },
    };
  },
});
