/**
 * @module codemods/express/res-sendfile
 * Row 5: `res.sendfile()` was removed in Express 5. `res.sendFile()` exists on both majors but throws on relative
 * paths unless `root` is given. A relative path becomes `process.cwd() + '/' + p`, the directory `sendfile` resolved
 * against. Neither `path.resolve(p)` nor `{ root: process.cwd() }` would do: both stop refusing `..` segments, so
 * `sendfile('uploads/' + name)` with `name = '../app.js'` would serve source files instead of answering 403.
 * Its `hidden: true` / `from` options become `dotfiles: 'allow'` / `root` in the same fix (the edits static-hidden-option
 * makes, applied once), so one run reaches the final form; `from` is the root to send 0.19 just as `root` is.
 */
import ts from 'typescript';
import type { ExpressFacts } from './_facts.ts';
import { createExpressRule, methodCall, quoteLike } from './_rule.ts';
import { unwrap } from './_scope.ts';
import { legacyOptions, type LegacyOption } from './static-hidden-option.ts';

type PathKind = 'absolute' | 'relative' | undefined;

const ABSOLUTE_CALLS = new Set(['path.resolve', 'resolve', 'process.cwd', 'fileURLToPath', 'url.fileURLToPath', 'os.homedir', 'os.tmpdir']);
const JOIN_CALLS = new Set(['path.join', 'join', 'path.normalize', 'normalize']);
const ABSOLUTE_NAMES = new Set(['__dirname', '__filename', 'import.meta.dirname', 'import.meta.filename']);

function literalKind(text: string): PathKind {
  return /^(\/|\\|[A-Za-z]:[\\/])/.test(text) ? 'absolute' : 'relative';
}

/** Whether a path expression is absolute or relative, as far as its leftmost part shows. */
function pathKind(facts: ExpressFacts, expression: ts.Expression, depth = 0): PathKind {
  const node = unwrap(expression);
  const sourceFile = facts.sourceFile;
  if (depth > 3) return undefined;
  if (ts.isStringLiteralLike(node)) return literalKind(node.text);
  if (ts.isTemplateExpression(node)) return node.head.text ? literalKind(node.head.text) : pathKind(facts, node.templateSpans[0]!.expression, depth + 1);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return pathKind(facts, node.left, depth + 1);
  if (ABSOLUTE_NAMES.has(node.getText(sourceFile))) return 'absolute';
  if (ts.isIdentifier(node)) {
    const declaration = facts.scopes.resolve(node);
    const constant = !!declaration && ts.isVariableDeclaration(declaration) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    return constant && declaration.initializer ? pathKind(facts, declaration.initializer, depth + 1) : undefined;
  }
  if (ts.isCallExpression(node)) {
    const callee = node.expression.getText(sourceFile);
    if (ABSOLUTE_CALLS.has(callee)) return 'absolute';
    if (JOIN_CALLS.has(callee) && node.arguments[0]) return pathKind(facts, node.arguments[0], depth + 1);
  }
  return undefined;
}

export default createExpressRule({
  id: 'res-sendfile',
  meta: {
    description: 'Replace the removed `res.sendfile()` with `res.sendFile()`, keeping relative paths working',
    rows: [5],
    kind: 'both',
    prefilter: ['.sendfile('],
    signatures: [/res\.sendfile is not a function/, /\.sendfile is not a function/],
    messages: {
      rename: '`{{receiver}}.sendfile()` was removed in Express 5. Use `{{receiver}}.sendFile()` instead.',
      renameWithCwd:
        '`{{receiver}}.sendfile()` was removed in Express 5, and `sendFile()` throws on a relative path. Use `{{receiver}}.sendFile(process.cwd() + \'/\' + path)` instead.',
      unknownPath:
        '`{{receiver}}.sendfile()` was removed in Express 5, and `sendFile()` throws on a relative path. Use `{{receiver}}.sendFile(path)` for an absolute path, or `{{receiver}}.sendFile(process.cwd() + \'/\' + path)` for one relative to the working directory.',
      legacyOption:
        "`{{receiver}}.sendfile()` was removed in Express 5, and `sendFile()` there ignores its `{{option}}` option, whose value has no equivalent on both majors. Use `{{receiver}}.sendFile()` with `dotfiles: 'allow'` where `hidden` is true, or `root` instead of `from`.",
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const call = methodCall(node, 'sendfile');
        if (!call || call.args.length < 1 || call.args.length > 3) return;
        const res = facts.is(call.receiver, 'res');
        if (!res) return;
        const data = { receiver: call.receiver.getText(sourceFile) };
        const [file, options] = call.args as [ts.Expression, ts.Expression | undefined];
        const optionsNode = options && unwrap(options);
        const literal = !!optionsNode && ts.isObjectLiteralExpression(optionsNode) ? optionsNode : undefined;
        // options Express 5 ignores: translated in this fix, or the call is only reported
        const legacy = literal ? legacyOptions(literal, sourceFile).filter((o) => !o.conflict) : [];
        const stuck = legacy.find((o) => o.replacement === undefined && !o.hiddenFalse);
        if (stuck) {
          context.report({ node, messageId: 'legacyOption', data: { ...data, option: stuck.old }, confidence: res.confidence });
          return;
        }
        // `root`, or `from` (send 0.19's root when `root` is unset), makes a relative path legal for sendFile
        const withRoot = !!literal && (hasProperty(literal, 'root') || legacy.some((o) => o.old === 'from'));
        const kind = withRoot ? 'absolute' : pathKind(facts, file);
        // options that may hold a `root` would join it in front of the absolute path
        const plainOptions =
          !optionsNode || ts.isArrowFunction(optionsNode) || ts.isFunctionExpression(optionsNode) ||
          (ts.isObjectLiteralExpression(optionsNode) && !optionsNode.properties.some(ts.isSpreadAssignment));
        if (kind === undefined || (kind === 'relative' && !plainOptions)) {
          context.report({ node, messageId: 'unknownPath', data, confidence: res.confidence });
          return;
        }
        context.report({
          node,
          messageId: kind === 'relative' ? 'renameWithCwd' : 'rename',
          data,
          confidence: res.confidence,
          fix: (fixer) => [
            fixer.replaceText(call.nameNode, 'sendFile'),
            ...(kind === 'relative' ? [fixer.replaceText(file, fromCwd(file, sourceFile))] : []),
            // `hidden: false` stays: Express 4's default, ignored by Express 5 (static-hidden-option reports it)
            ...legacy.filter(hasReplacement).map((o) => fixer.replaceText(o.property, o.replacement)),
          ],
        });
      },
    };
  },
});

/**
 * `process.cwd() + '/' + p`: an absolute path, so sendFile runs the same `..` check (403) on it that sendfile ran on
 * `p`, and resolves it to the same file.
 */
function fromCwd(file: ts.Expression, sourceFile: ts.SourceFile): string {
  const node = unwrap(file);
  if (ts.isStringLiteral(node)) return `process.cwd() + ${quoteLike(node, `/${node.text}`, sourceFile)}`;
  const text = file.getText(sourceFile);
  const prefix = `process.cwd() + ${quoteLike(node, '/', sourceFile)} + `;
  return ts.isBinaryExpression(node) || ts.isConditionalExpression(node) ? `${prefix}(${text})` : prefix + text;
}

const hasReplacement = (option: LegacyOption): option is LegacyOption & { replacement: string } => option.replacement !== undefined;

function hasProperty(object: ts.ObjectLiteralExpression, name: string): boolean {
  return object.properties.some((p) => !!p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name);
}
