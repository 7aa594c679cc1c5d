/**
 * @module codemods/express/static-dotfiles
 * Row 46: `express.static(dir)` served files inside dot-directories (`/.well-known/…`) on Express 4 and answers 404
 * on Express 5; dotfiles themselves (`/.env`) were hidden on both. `dotfiles: 'allow'` would restore the first by
 * also exposing the second (spec 1.4). Each dot-directory found on disk is mounted on its own instead, before the
 * directory: inside its mount a file's path has no dot segment, so Express 5 serves it as 4 did, and still hides the
 * dotfiles in it. `redirect: false` keeps `/.well-known` (no slash) answering as Express 4's hidden folder did.
 */
import ts from 'typescript';
import { isModuleExport } from './_facts.ts';
import { createExpressRule, propertyName, stringValue } from './_rule.ts';
import { servedDirectory, walkDirectory } from './_static-dir.ts';
import { unwrap } from './_scope.ts';

const MAX_ENTRIES = 5_000;

export default createExpressRule({
  id: 'static-dotfiles',
  meta: {
    description: 'Mount the dot-directories of `express.static()` directories on their own, which Express 5 no longer serves inside them',
    rows: [46],
    kind: 'both',
    prefilter: ['.static(', 'static:', 'static as'],
    messages: {
      dotDirectories:
        "`{{call}}` serves a directory with dot-directories ({{found}}): Express 4 served the files inside them, Express 5 answers 404. Mount each one on its own before it, e.g. `app.use('/{{first}}', express.static(…/{{first}}, { redirect: false }))`: inside the mount the path has no dot segment, so Express 5 serves it and still hides dotfiles. Do not set `dotfiles: 'allow'` on the whole directory: it would also serve dotfiles such as `.env`.",
      checkDotDirectories:
        "Express 5's `{{call}}` no longer serves files inside dot-directories such as `.well-known` (Express 4 did). If the directory has any, mount each one on its own before it, e.g. `app.use('/.well-known', express.static(…/.well-known, { redirect: false }))`; do not set `dotfiles: 'allow'` on the whole directory, which would also serve dotfiles such as `.env`.",
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
        const directory = servedDirectory(context, node.arguments[0]);
        if (!directory) {
          context.report({ node, messageId: 'checkDotDirectories', data: { call } });
          return;
        }
        const site = useSite(node);
        // a dot-directory mounted on its own already (as the fix writes it) is served on both
        const found = dotDirectories(directory).filter((dot) => !mountedInFile(context.sourceFile.text, joinMount(site?.mount ?? '', dot)));
        if (!found.length) return; // nothing Express 5 would hide
        const mounts = site?.statement && ownMounts(context.sourceFile, node, site.use, site.mount, site.statement, found);
        const data = { call, found: found.join(', '), first: found[0]! };
        context.report({ node, messageId: 'dotDirectories', data, fix: mounts && ((fixer) => fixer.insertBefore(mounts.before, mounts.text)) });
      },
    };
  },
});

// --- internal ---

/**
 * Where `call` is the last argument of a call, as in `app.use([mount,] express.static(dir[, options]))`: the mount
 * path it is served under (`''` without a literal one), and the `.use` statement a fix can write before (undefined
 * when the call is not one).
 */
function useSite(call: ts.CallExpression): { use: ts.CallExpression; mount: string; statement?: ts.ExpressionStatement } | undefined {
  const use = call.parent;
  if (!ts.isCallExpression(use) || use.arguments.at(-1) !== call) return undefined;
  const literal = use.arguments.length === 2 ? stringValue(use.arguments[0]!) : use.arguments.length === 1 ? '' : undefined;
  const isUse = ts.isPropertyAccessExpression(use.expression) && use.expression.name.text === 'use';
  const statement = isUse && literal !== undefined && ts.isExpressionStatement(use.parent) ? use.parent : undefined;
  return { use, mount: literal ?? '', statement };
}

const joinMount = (mount: string, dot: string) => `${mount.replace(/\/$/, '')}/${dot}`;

/**
 * `app.use('/.well-known', express.static(<dir>/.well-known, { …options, redirect: false }));` for each dot-directory,
 * written before the site's statement with its receiver, mount and options; undefined where the directory is not a
 * form it can extend.
 */
function ownMounts(sourceFile: ts.SourceFile, call: ts.CallExpression, use: ts.CallExpression, mount: string, statement: ts.ExpressionStatement, found: readonly string[]) {
  const text = (node: ts.Node) => node.getText(sourceFile);
  const options = call.arguments[1] && (unwrap(call.arguments[1]) as ts.ObjectLiteralExpression);
  const hasRedirect = options?.properties.some((p) => propertyName(p) === 'redirect');
  const optionsText = !options || options.properties.length === 0 ? '{ redirect: false }' : hasRedirect ? text(options) : `{ ${options.properties.map(text).join(', ')}, redirect: false }`;
  const lines: string[] = [];
  for (const dot of found) {
    const directory = extendedDirectory(sourceFile, call.arguments[0]!, dot);
    if (!directory) return undefined;
    lines.push(`${text(use.expression)}('${joinMount(mount, dot)}', ${text(call.expression)}(${directory}, ${optionsText}));`);
  }
  const start = statement.getStart(sourceFile);
  const indent = sourceFile.text.slice(sourceFile.text.lastIndexOf('\n', start) + 1, start);
  return { before: statement, text: lines.map((line) => `${line}\n${indent}`).join('') };
}

function mountedInFile(text: string, at: string): boolean {
  return new RegExp(`\\.use\\(\\s*['"\`]${at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?['"\`]`).test(text);
}

/** The served directory's expression with `dot` appended, in the form it was written; undefined for another form. */
function extendedDirectory(sourceFile: ts.SourceFile, argument: ts.Expression, dot: string): string | undefined {
  const node = unwrap(argument);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    const quote = sourceFile.text[node.getStart(sourceFile)]!;
    return `${quote}${node.text.replace(/\/$/, '')}/${dot}${quote}`;
  }
  if (ts.isCallExpression(node)) return `${node.expression.getText(sourceFile)}(${node.arguments.map((a) => a.getText(sourceFile)).join(', ')}, '${dot}')`;
  if (ts.isTemplateExpression(node)) {
    const raw = node.getText(sourceFile);
    return `${raw.slice(0, -1).replace(/\/$/, '')}/${dot}\``;
  }
  return undefined;
}

/** Dot-directories anywhere under `root`, relative to it (the outermost only), bounded so huge trees stay cheap. */
function dotDirectories(root: string): string[] {
  const found: string[] = [];
  walkDirectory(root, MAX_ENTRIES, (entry, child) => {
    if (!entry.isDirectory()) return false;
    if (entry.name.startsWith('.') && entry.name !== '.git') found.push(child);
    return !entry.name.startsWith('.');
  });
  return found.sort();
}
