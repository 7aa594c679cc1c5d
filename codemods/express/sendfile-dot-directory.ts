/**
 * @module codemods/express/sendfile-dot-directory
 * Row 49: Express 5's `res.sendFile` (send 1) answers 404 when the path goes through a dot-directory
 * (`/app/.cache/index.html`, or `.hid/a.txt` under `root`); Express 4 served it. A dot-directory inside `root`
 * itself is fine on both, so moving it there, or `{ dotfiles: 'allow' }` on that one call, keeps it working.
 * `res.sendfile()` too: Express 4 served the same paths through it, and res-sendfile turns it into `sendFile()`.
 */
import ts from 'typescript';
import { createExpressRule, methodCall, propertyName, stringValue } from './_rule.ts';
import { unwrap } from './_scope.ts';

export default createExpressRule({
  id: 'sendfile-dot-directory',
  meta: {
    description: 'Report `res.sendFile()` paths through a dot-directory, which Express 5 refuses',
    rows: [49],
    kind: 'report',
    prefilter: ['.sendFile(', '.sendfile(', '.download('],
    messages: {
      dotDirectory:
        "This path goes through the dot-directory '{{segment}}': Express 4 sent the file, Express 5 answers 404. Move the directory into `root` (`res.{{method}}('rest/of/path', { root: '…/{{segment}}' })`), or pass `{ dotfiles: 'allow' }` to this call only.",
    },
  },
  create(context) {
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'sendFile', 'sendfile', 'download');
        if (!call || !call.args[0]) return;
        const res = context.facts.is(call.receiver, 'res');
        if (!res || mayAllowDotfiles(call.args.slice(1))) return;
        const segment = literalPieces(call.args[0]).flatMap(innerSegments).find(isDotDirectory);
        if (!segment) return;
        const method = call.name === 'sendfile' ? 'sendFile' : call.name;
        context.report({ node: call.args[0], messageId: 'dotDirectory', data: { segment, method }, confidence: res.confidence });
      },
    };
  },
});

// --- internal ---

const isDotDirectory = (segment: string) => segment.startsWith('.') && segment !== '.' && segment !== '..';

/** Segments of a literal piece that are followed by more path (a directory), wherever the piece sits. */
function innerSegments(piece: string): string[] {
  const parts = piece.split(/[\\/]/);
  return parts.length > 1 ? parts.slice(0, -1) : [];
}

/**
 * The literal text pieces of a path expression, in order: `'/a/.b/c'`, the string arguments of
 * `path.join(__dirname, '.cache', 'x')`, the quasis of a template, the literal operands of `+`. Each piece of a
 * join is a whole segment list, so a piece that is itself a directory (`'.cache'` followed by more) counts too.
 */
function literalPieces(expression: ts.Expression): string[] {
  const node = unwrap(expression);
  const value = stringValue(node);
  if (value !== undefined) return [value];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...literalPieces(node.left), ...literalPieces(node.right)];
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['join', 'resolve'].includes(node.expression.name.text)) {
    const args = node.arguments.map(stringValue);
    // every argument but the last is a directory: give it a trailing separator
    return args.flatMap((arg, index) => (arg === undefined ? [] : [index < args.length - 1 ? `${arg}/` : arg]));
  }
  return [];
}

/**
 * Options after the path that set `dotfiles`, or may (not a literal), or `hidden` other than `false` (static-hidden-option
 * turns `hidden: true` into `dotfiles: 'allow'`): then stay quiet.
 */
function mayAllowDotfiles(rest: readonly ts.Expression[]): boolean {
  return rest.some((argument) => {
    const node = unwrap(argument);
    if (stringValue(node) !== undefined || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return false;
    if (!ts.isObjectLiteralExpression(node)) return true;
    return node.properties.some((p) => ts.isSpreadAssignment(p) || propertyName(p) === 'dotfiles' || (propertyName(p) === 'hidden' && !isFalse(p)));
  });
}

const isFalse = (p: ts.ObjectLiteralElementLike) => ts.isPropertyAssignment(p) && unwrap(p.initializer).kind === ts.SyntaxKind.FalseKeyword;
