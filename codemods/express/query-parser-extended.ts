/**
 * @module codemods/express/query-parser-extended
 * Rows 38–39: Express 5 parses `req.query` with the `simple` parser (`?a[b]=1` → `{ 'a[b]': '1' }`); Express 4
 * defaulted to `extended` (→ `{ a: { b: '1' } }`). Setting `'query parser'` to `'extended'` right after the app
 * is created keeps nesting on both majors (a later `app.set` elsewhere still wins, as before). In test files the
 * line is added only where the file reads query values: a suite creating an app per test should not get one line per
 * `express()` for apps that never look at `req.query`. An app's own source gets it, since its handlers usually live
 * in other files.
 */
import ts from 'typescript';
import type { ExpressFacts } from './_facts.ts';
import { createExpressRule, indentationOf, methodCall, stringValue } from './_rule.ts';
import { unwrap, type Declaration } from './_scope.ts';

const SETTING = 'query parser';
/** `req.query`, `request.query.x`, `const { query } = req`: the file reads query values. */
const READS_QUERY = /\.query\b|\{[^}]*\bquery\b[^}]*\}\s*=\s*\w+/;
/** A test file (known by what it calls, wherever it lives): apps there are built per test and rarely read queries. */
const IN_A_TEST = /^\s*(?:describe|it|test)\s*\(\s*['"`]/m;

export default createExpressRule({
  id: 'query-parser-extended',
  meta: {
    description: "Set Express 4's `extended` query parser on apps that rely on the default",
    rows: [38, 39],
    kind: 'both',
    prefilter: ['express()'],
    messages: {
      setExtended:
        "`{{app}}` parses query strings with Express 5's `simple` parser, so `?a[b]=1` no longer nests and `?a[]=1` keeps the brackets in its key. Add `{{app}}.set('query parser', 'extended')` after creating it to keep Express 4's parsing (on Express 5 array indexes above 20 still become object keys; pass your own parser function to keep them arrays).",
      setExtendedIfRead:
        "`{{app}}` parses query strings with Express 5's `simple` parser, so `?a[b]=1` no longer nests. Nothing in this test file reads `req.query`; if its handlers elsewhere read nested or bracketed query values, add `{{app}}.set('query parser', 'extended')` after creating it.",
    },
  },
  create(context) {
    const { sourceFile } = context;
    let configured: { declarations: Set<Declaration>; unknownReceiver: boolean } | undefined;
    const readsQuery = READS_QUERY.test(sourceFile.text) || !IN_A_TEST.test(sourceFile.text);
    return {
      CallExpression(node: ts.CallExpression) {
        if (!isAppCreation(context.facts, node)) return;
        configured ??= appsConfiguringQueryParser(context.facts, sourceFile);
        if (configured.unknownReceiver) return;
        const creation = creationStatement(context.facts, node);
        if (creation && configured.declarations.has(creation.declaration)) return;
        const app = creation?.name ?? 'app';
        context.report({
          node,
          messageId: readsQuery ? 'setExtended' : 'setExtendedIfRead',
          data: { app },
          fix: creation && readsQuery
            ? (fixer) => {
                const { statement } = creation;
                const semicolon = statement.getText(sourceFile).endsWith(';') ? ';' : '';
                return fixer.insertAfter(statement, `\n${indentationOf(statement, sourceFile)}${app}.set('${SETTING}', 'extended')${semicolon}`);
              }
            : null,
        });
      },
    };
  },
});

// --- internal ---

function isAppCreation(facts: ExpressFacts, call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  return ts.isIdentifier(callee) && facts.moduleNames.has(callee.text) && facts.isModuleBinding(callee);
}

interface Creation {
  statement: ts.Statement;
  declaration: Declaration;
  name: string;
}

/** `const app = express()`, `let app = module.exports = express()`, `app = express()` as a statement, also wrapped in `straddle(…)`. */
function creationStatement(facts: ExpressFacts, call: ts.CallExpression): Creation | undefined {
  let node: ts.Node = call;
  while (
    ts.isParenthesizedExpression(node.parent) ||
    (ts.isCallExpression(node.parent) && facts.isShimWrap(node.parent)) ||
    (ts.isBinaryExpression(node.parent) && node.parent.right === node && node.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken)
  ) {
    node = node.parent;
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && ts.isVariableStatement(parent.parent.parent)) {
    return { statement: parent.parent.parent, declaration: parent, name: parent.name.text };
  }
  if (ts.isExpressionStatement(parent) && ts.isBinaryExpression(node) && ts.isIdentifier(node.left)) {
    const declaration = facts.scopes.resolve(node.left);
    return declaration && { statement: parent, declaration, name: node.left.text };
  }
  return undefined;
}

/** Declarations of apps whose `'query parser'` setting this file sets, enables or disables. */
function appsConfiguringQueryParser(facts: ExpressFacts, sourceFile: ts.SourceFile) {
  const found = { declarations: new Set<Declaration>(), unknownReceiver: false };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const call = methodCall(node, 'set', 'enable', 'disable');
      if (call && stringValue(call.args[0]) === SETTING) {
        const receiver = unwrap(call.receiver);
        const declaration = ts.isIdentifier(receiver) ? facts.scopes.resolve(receiver) : undefined;
        if (declaration) found.declarations.add(declaration);
        else found.unknownReceiver = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

