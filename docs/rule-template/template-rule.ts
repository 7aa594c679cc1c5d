/**
 * @module docs/rule-template/template-rule
 * The template of docs/contributing-rules.md, NOT registered in the pack. Row 6, narrowed to one method so that it
 * shows each part once: `req.acceptsLanguage()` was removed in Express 5, and `req.acceptsLanguages()`, which Express 4
 * already had, works on both. A call is rewritten; the method taken as a value (`const pick = req.acceptsLanguage`) is
 * reported for a hand fix. (The real rule for this row is `req-accepts-singular`.)
 *
 * To start a rule: copy this file to codemods/express/<rule-id>.ts, drop the `../../codemods/express/` from the
 * imports, and replace the change; copy fixtures/ to fixtures/express/<rule-id>/ and template-rule.md to
 * docs/express/<rule-id>.md. Each case that reports declares its findings in `<case>.findings.json`: the line and
 * column where `node` starts, the message id, whether it was fixed, and its confidence.
 */
import ts from 'typescript';
import { createExpressRule } from '../../codemods/express/_rule.ts';

const REMOVED = 'acceptsLanguage';
const REPLACEMENT = 'acceptsLanguages';

export default createExpressRule({
  // the file name, in kebab-case, named after the old API the user has; it is also the fixture folder, the docs page
  // and the shim feature (if the shim has one)
  id: 'template-rule',
  meta: {
    description: 'Replace the removed `req.acceptsLanguage()` with `req.acceptsLanguages()`',
    rows: [6],
    kind: 'both',
    // a file without one of these words is never parsed for this rule; the narrowest words that every match contains
    prefilter: ['.acceptsLanguage'],
    // what a test shows when the old code runs on Express 5: the upgrade loop maps such a failure back to this rule
    signatures: [/\.acceptsLanguage is not a function/],
    // message ids named by meaning; "what was found. What to do instead."
    messages: {
      pluralize: '`{{receiver}}.acceptsLanguage()` was removed in Express 5. Use `{{receiver}}.acceptsLanguages()` instead.',
      renameByHand: '`{{receiver}}.acceptsLanguage` is taken as a value here and is undefined on Express 5. Use `{{receiver}}.acceptsLanguages` instead, and check how it is called.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        if (node.name.text !== REMOVED) return;
        // precision first: only a receiver shown to be an Express request (a handler's parameter, a typed Request);
        // a parameter that is merely named `req` comes back with low confidence, fixed only with --assume-handlers
        const req = facts.is(node.expression, 'req');
        if (!req) return;
        const data = { receiver: node.expression.getText(sourceFile) };
        const called = ts.isCallExpression(node.parent) && node.parent.expression === node;
        if (!called) {
          // no fix: what the value is used for decides the right rewrite, and this file may not show it
          context.report({ node, messageId: 'renameByHand', data, confidence: req.confidence });
          return;
        }
        // a splice of the method name only: arguments, comments and formatting stay byte for byte
        context.report({ node, messageId: 'pluralize', data, confidence: req.confidence, fix: (fixer) => fixer.replaceText(node.name, REPLACEMENT) });
      },
    };
  },
});
