/**
 * @module codemods/express/res-json-status
 * Rows 14–15: `res.json(obj, status)` / `res.json(status, obj)` and the same for `res.jsonp` were removed in Express 5,
 * which answers 200 and ignores the status. Express 4 took the second argument as the status whenever it was a number.
 */
import ts from 'typescript';
import { createExpressRule, methodCall } from './_rule.ts';
import { reportStatusBody, statusAndBody } from './res-send-status.ts';

export default createExpressRule({
  id: 'res-json-status',
  meta: {
    description: 'Replace `res.json(obj, status)` and `res.jsonp(obj, status)` (either order) with `res.status().json()`',
    rows: [14, 15],
    kind: 'both',
    prefilter: ['.json(', '.jsonp('],
    // the status it writes is a number and never a literal outside 100–999 (statusAndBody)
    writesNothingFor: ['res-status-invalid'],
    messages: {
      statusBody:
        '`{{call}}` passes a status and a body, which Express 5 no longer accepts (it answers 200). Use `{{receiver}}.{{fixed}}` instead.',
      unknownStatus:
        '`{{call}}` passes two arguments, but which one is the status is not known here. Write `{{receiver}}.status(code).{{method}}(body)`; the `straddle/express` shim reports such calls at run time.',
    },
  },
  create(context) {
    const { facts } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'json', 'jsonp');
        if (!call || call.args.length !== 2) return;
        const res = facts.is(call.receiver, 'res');
        if (!res) return;
        // Express 4 `res.json`/`res.jsonp`: the second argument is the status when it is a number
        const order = statusAndBody(facts, call.args, (_first, second) => second);
        reportStatusBody(context, call, order, call.name, res.confidence);
      },
    };
  },
});
