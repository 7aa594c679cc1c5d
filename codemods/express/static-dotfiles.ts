/**
 * @module codemods/express/static-dotfiles
 * Row 46: `express.static(dir)` served files inside dot-directories (`/.well-known/…`) on Express 4 and answers 404
 * on Express 5; dotfiles themselves (`/.env`) were hidden on both. `dotfiles: 'allow'` would restore the first by
 * also exposing the second (spec 1.4), so this rule only reports, naming the dot-directories it finds on disk.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { isModuleExport, moduleBindingOf, type ExpressFacts } from './_facts.ts';
import { createExpressRule, propertyName, stringValue } from './_rule.ts';
import { unwrap } from './_scope.ts';

const MAX_ENTRIES = 5_000;
const SKIPPED = new Set(['node_modules', '.git']);

export default createExpressRule({
  id: 'static-dotfiles',
  meta: {
    description: 'Report `express.static()` directories whose dot-directories Express 5 no longer serves',
    rows: [46],
    kind: 'report',
    prefilter: ['.static(', 'static:', 'static as'],
    messages: {
      dotDirectories:
        "`{{call}}` serves a directory with dot-directories ({{found}}): Express 4 served the files inside them, Express 5 answers 404. Mount each one you need on its own, e.g. `app.use('/{{first}}', express.static(…/{{first}}, { dotfiles: 'allow' }))`. Do not set `dotfiles: 'allow'` on the whole directory: it would also serve dotfiles such as `.env`.",
      checkDotDirectories:
        "Express 5's `{{call}}` no longer serves files inside dot-directories such as `.well-known` (Express 4 did). If the directory has any, mount each one on its own with `{ dotfiles: 'allow' }`; do not set it on the whole directory, which would also serve dotfiles such as `.env`.",
    },
  },
  create(context) {
    return {
      CallExpression(node: ts.CallExpression) {
        if (!isModuleExport(context.facts, node.expression, ['express'], 'static') || !node.arguments[0]) return;
        const options = node.arguments[1] && unwrap(node.arguments[1]);
        // options from elsewhere may set dotfiles: cannot tell, stay quiet
        if (options && !(ts.isObjectLiteralExpression(options) && !options.properties.some(ts.isSpreadAssignment))) return;
        if (options?.properties.some((p) => propertyName(p) === 'dotfiles')) return;
        const call = `${node.expression.getText(context.sourceFile)}(${node.arguments[0].getText(context.sourceFile)})`;
        const relative = servedDirectory(context.facts, node.arguments[0]);
        const directory = relative !== undefined ? path.resolve(path.dirname(context.fileName), relative) : undefined;
        if (!directory || !isDirectory(directory)) {
          context.report({ node, messageId: 'checkDotDirectories', data: { call } });
          return;
        }
        const found = dotDirectories(directory);
        if (!found.length) return; // nothing Express 5 would hide
        context.report({ node, messageId: 'dotDirectories', data: { call, found: found.join(', '), first: found[0]! } });
      },
    };
  },
});

// --- internal ---

/** The served directory relative to the file: `'public'`, `path.join(__dirname, 'public')`, `` `${__dirname}/public` ``. */
function servedDirectory(facts: ExpressFacts, argument: ts.Expression): string | undefined {
  const node = unwrap(argument);
  const literal = stringValue(node);
  if (literal !== undefined) return literal;
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['join', 'resolve'].includes(node.expression.name.text)) {
    const module = moduleBindingOf(facts, node.expression.expression)?.module;
    const [first, ...rest] = node.arguments;
    const parts = rest.map(stringValue);
    if ((module === 'path' || module === 'node:path') && first && isDirname(first) && parts.every((p) => p !== undefined)) return path.join('.', ...(parts as string[]));
  }
  if (ts.isTemplateExpression(node) && node.head.text === '' && node.templateSpans.length === 1) {
    const [span] = node.templateSpans;
    if (isDirname(span!.expression)) return `.${span!.literal.text}`;
  }
  return undefined;
}

function isDirname(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  return ts.isIdentifier(node) && node.text === '__dirname';
}

function isDirectory(directory: string): boolean {
  try {
    return statSync(directory).isDirectory();
  } catch {
    return false;
  }
}

/** Dot-directories anywhere under `root`, relative to it (the outermost only), bounded so huge trees stay cheap. */
function dotDirectories(root: string): string[] {
  const found: string[] = [];
  const pending = [''];
  let seen = 0;
  while (pending.length && seen < MAX_ENTRIES) {
    const relative = pending.shift()!;
    let entries;
    try {
      entries = readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      seen++;
      if (!entry.isDirectory() || SKIPPED.has(entry.name)) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.name.startsWith('.')) found.push(child);
      else pending.push(child);
    }
  }
  return found.sort();
}
