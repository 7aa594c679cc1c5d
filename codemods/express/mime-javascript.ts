/**
 * @module codemods/express/mime-javascript
 * Row 51: Express 5's mime database (mime-types 3) types `.js`/`.mjs` as `text/javascript; charset=utf-8` where
 * Express 4 (mime 1) said `application/javascript; charset=UTF-8`, and writes every added charset in lower case.
 * Browsers do not care; code and tests that compare the header text do, and so does a replay of real traffic.
 * `express.static` of a directory with such files gets `setHeaders: staticContentType()` (a helper written next to
 * the file) that gives Express 4 Express 5's header. It changes what Express 4 answers, so it is written only where
 * replay saw the difference (RuleOptions.evidence: `upgrade --requests`); elsewhere the mount is reported.
 */
import ts from 'typescript';
import type { RuleContext } from '../../src/authoring.ts';
import { isModuleExport, type ExpressFacts } from './_facts.ts';
import { createExpressRule, methodCall, propertyName, stringValue } from './_rule.ts';
import { unwrap } from './_scope.ts';
import { helperImportEdit } from './_shim-wiring.ts';
import { filesUnder, servedDirectory } from './_static-dir.ts';
import { STATIC_TYPE } from './_vendor.ts';

const JS_EXTENSIONS = new Set(['js', '.js', 'mjs', '.mjs']);
/** Files whose Content-Type differs between the majors when served: JavaScript's name, or a charset that is added. */
const DIFFERING_TYPE = /\.(?:m?js|json|css|html?|txt|csv|md)$/i;
const ID = 'mime-javascript';
const HELPER = 'staticContentType';
const MAX_ENTRIES = 5_000;
/** Calls whose string arguments are compared, not set: assertions of test frameworks and supertest. */
const ASSERTIONS = new Set(['toBe', 'toEqual', 'toStrictEqual', 'toContain', 'toMatch', 'equal', 'strictEqual', 'deepEqual', 'eql', 'include', 'includes', 'match', 'expect', 'startsWith']);
const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

export default createExpressRule({
  id: ID,
  meta: {
    description: 'Report code and tests that expect Express 4 content types for JavaScript or an upper-case charset',
    rows: [51],
    kind: 'both',
    prefilter: ['application/javascript', 'application\\/javascript', 'charset=UTF-8', '.type(', '.static('],
    messages: {
      typeJs:
        "`{{call}}` sets `application/javascript; charset=utf-8` on Express 4 and `text/javascript; charset=utf-8` on Express 5. Pass the type itself, `res.type('text/javascript')`, to get the same header on both.",
      comparedJavascript:
        'Express 5 serves JavaScript as `text/javascript` (Express 4: `application/javascript`), so this comparison fails there. Accept both, e.g. `/^(text|application)\\/javascript/`, or force the type with `res.type(\'text/javascript\')` / `setHeaders` in `express.static`.',
      staticType:
        "`{{call}}` serves files ({{found}}) that Express 5 sends with another Content-Type: `text/javascript; charset=utf-8` for JavaScript (Express 4: `application/javascript; charset=UTF-8`), every charset in lower case. `setHeaders: staticContentType()` from straddle's static-type helper (one dependency-free file written next to this one) sends Express 5's header on both.",
      comparedCharset:
        'Express 5 writes the charset it adds in lower case (`charset=utf-8`; Express 4: `charset=UTF-8`), so this comparison fails there. Compare case-insensitively or expect `charset=utf-8`.',
    },
  },
  create(context) {
    const check = (node: ts.StringLiteralLike | ts.RegularExpressionLiteral) => {
      const text = ts.isRegularExpressionLiteral(node) ? node.text.replace(/\\\//g, '/') : node.text;
      const messageId = /application\/javascript/i.test(text) ? 'comparedJavascript' : text.includes('charset=UTF-8') ? 'comparedCharset' : undefined;
      if (messageId && isCompared(node)) context.report({ node, messageId, confidence: context.facts.importsExpress || importsSupertest(context.sourceFile) ? 'high' : 'low' });
    };
    const staticMount = (node: ts.CallExpression) => {
      const site = staticSite(context, node);
      if (!site) return;
      const data = { call: `${node.expression.getText(context.sourceFile)}(${node.arguments[0]!.getText(context.sourceFile)})`, found: site.found };
      const helperImport = helperImportEdit(context.sourceFile, node.getStart(context.sourceFile), STATIC_TYPE, [HELPER]);
      // it changes what Express 4 answers: written only where replay saw the difference
      const proven = context.options.evidence?.includes(ID);
      context.report({ node, messageId: 'staticType', data, confidence: proven ? 'high' : 'low', fix: proven && site.edit ? (fixer) => [fixer.replaceRange(site.edit!.start, site.edit!.end, site.edit!.text), ...(helperImport ? [helperImport] : [])] : undefined });
    };
    return {
      CallExpression(node: ts.CallExpression) {
        staticMount(node);
        const call = methodCall(node, 'type', 'contentType');
        const extension = call && stringValue(call.args[0]);
        if (!call || !extension || !JS_EXTENSIONS.has(extension)) return;
        const res = context.facts.is(call.receiver, 'res');
        if (res) context.report({ node, messageId: 'typeJs', data: { call: node.getText(context.sourceFile) }, confidence: res.confidence });
      },
      StringLiteral: check,
      NoSubstitutionTemplateLiteral: check,
      RegularExpressionLiteral: check,
    };
  },
});

// --- internal ---

/**
 * An `express.static(dir[, options])` whose directory holds files the majors type differently, and the edit that
 * gives it `setHeaders: staticContentType(…)` (undefined where the options are not an object literal it can extend).
 */
function staticSite(context: RuleContext<string, ExpressFacts>, node: ts.CallExpression) {
  if (!isModuleExport(context.facts, node.expression, ['express'], 'static') || !node.arguments[0]) return undefined;
  const directory = servedDirectory(context, node.arguments[0]);
  const files = directory ? filesUnder(directory, (name) => DIFFERING_TYPE.test(name), MAX_ENTRIES) : [];
  if (!files.length) return undefined;
  const found = `${files.slice(0, 3).join(', ')}${files.length > 3 ? `, … ${files.length} in all` : ''}`;
  const text = (n: ts.Node) => n.getText(context.sourceFile);
  if (node.getText(context.sourceFile).includes(`${HELPER}(`)) return undefined; // written already
  const options = node.arguments[1] && unwrap(node.arguments[1]);
  if (!options) return { found, edit: { start: node.arguments[0].end, end: node.arguments[0].end, text: `, { setHeaders: ${HELPER}() }` } };
  if (!ts.isObjectLiteralExpression(options) || options.properties.some(ts.isSpreadAssignment)) return { found };
  const own = options.properties.find((p) => propertyName(p) === 'setHeaders');
  if (!own) {
    const last = options.properties.at(-1);
    const at = last ? last.end : options.getStart(context.sourceFile) + 1;
    return { found, edit: { start: at, end: at, text: last ? `, setHeaders: ${HELPER}()` : ` setHeaders: ${HELPER}() ` } };
  }
  if (ts.isPropertyAssignment(own)) return { found, edit: { start: own.initializer.getStart(context.sourceFile), end: own.initializer.end, text: `${HELPER}(${text(own.initializer)})` } };
  if (ts.isShorthandPropertyAssignment(own)) return { found, edit: { start: own.getStart(context.sourceFile), end: own.end, text: `setHeaders: ${HELPER}(setHeaders)` } };
  return { found }; // a method: left to its author
}

/** An operand of `===`/`!==`, or an argument of an assertion (`expect(x).toBe('…')`, `.expect('Content-Type', …)`). */
function isCompared(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) return EQUALITY.has(parent.operatorToken.kind);
  if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
    const callee = parent.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    return !!name && ASSERTIONS.has(name);
  }
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
    // `/application\/javascript/.test(type)`
    return ts.isCallExpression(parent.parent) && parent.name.text === 'test';
  }
  return false;
}

function importsSupertest(sourceFile: ts.SourceFile): boolean {
  return sourceFile.text.includes('supertest');
}
