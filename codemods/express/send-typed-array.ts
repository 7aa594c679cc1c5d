/**
 * @module codemods/express/send-typed-array
 * Row 52: Express 4 sent a typed array given to `res.send` as JSON (`{"0":104,"1":105}`), Express 5.1+ sends its
 * bytes. A Buffer is sent as bytes by both, so `new Uint8Array(…)` gets wrapped in `Buffer.from()`, which copies the
 * elements as Express 5 does by default.
 */
import ts from 'typescript';
import { createExpressRule, methodCall } from './_rule.ts';
import { unwrap } from './_scope.ts';

const TYPED_ARRAYS = new Set([
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
]);

export default createExpressRule({
  id: 'send-typed-array',
  meta: {
    description: 'Wrap typed arrays passed to `res.send()` in `Buffer.from()`, sent as bytes by both majors',
    rows: [52],
    kind: 'both',
    prefilter: ['Array('],
    messages: {
      wrapInBuffer:
        '`{{call}}` sends a `{{type}}`: Express 4 sent it as JSON, Express 5 sends its bytes. Use `{{receiver}}.send(Buffer.from(…))` to send bytes on both.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    // code that runs on Express 5 only already sends the bytes
    if (context.options.target === 'new') return {};
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'send');
        if (!call || call.args.length !== 1) return;
        const argument = unwrap(call.args[0]!);
        if (!ts.isNewExpression(argument) || !ts.isIdentifier(argument.expression)) return;
        const type = argument.expression;
        // a local class named like a typed array is not the global one
        if (!TYPED_ARRAYS.has(type.text) || facts.scopes.resolve(type)) return;
        const res = facts.is(call.receiver, 'res');
        if (!res) return;
        const wrapped = call.args[0]!;
        context.report({
          node,
          messageId: 'wrapInBuffer',
          data: { call: node.getText(sourceFile), type: type.text, receiver: call.receiver.getText(sourceFile) },
          confidence: res.confidence,
          fix: (fixer) => [fixer.insertBefore(wrapped, 'Buffer.from('), fixer.insertAfter(wrapped, ')')],
        });
      },
    };
  },
});
