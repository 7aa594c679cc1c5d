/**
 * @module codemods/express/stack-frame-names
 * Rows 10, 56: code that reads stack traces names Express 4's router to tell its frames from the user's: the frame
 * `Layer.handle [as handle_request]` and the files `express/lib/router/{index,layer,route}.js`, to trim them from an
 * error's stack, to find the caller outside Express, or to detect a request handler on the stack. Express 5 runs
 * handlers from the `router` package: `Layer.handleRequest` in `node_modules/router/lib/layer.js`, `trimPrefix`,
 * `processParams`. A check that names one major misses the other, silently. The dual form accepts both: a RegExp
 * gets a non-capturing alternation (its groups keep their numbers), a string test is made twice.
 */
import ts from 'typescript';
import type { Confidence, Fixer } from '../../src/authoring.ts';
import { createExpressRule, isRepeatable, methodCall, quoteLike } from './_rule.ts';
import { referencesOf, unwrap } from './_scope.ts';

/** Express 4 spellings (as text, `/` and `.` unescaped) and what Express 5 writes in their place; longest first. */
type Token = readonly [express4: string, express5: string];
const TOKENS: readonly Token[] = ([
  ['Layer.handle [as handle_request]', 'Layer.handleRequest'],
  ['[as handle_request]', 'Layer.handleRequest'],
  ['Layer.handle_error', 'Layer.handleError'],
  ['Function.process_params', 'processParams'],
  ['handle_request', 'handleRequest'],
  ['handle_error', 'handleError'],
  ['trim_prefix', 'trimPrefix'],
  ['process_params', 'processParams'],
  ...['', 'node_modules/'].flatMap((prefix) => [
    [`${prefix}express/lib/router/layer.js`, `${prefix}router/lib/layer.js`],
    [`${prefix}express/lib/router/route.js`, `${prefix}router/lib/route.js`],
    [`${prefix}express/lib/router/index.js`, `${prefix}router/index.js`],
    [`${prefix}express/lib/router/layer`, `${prefix}router/lib/layer`],
    [`${prefix}express/lib/router/route`, `${prefix}router/lib/route`],
    [`${prefix}express/lib/router`, 'node_modules/router'],
  ] as const),
  // the whole package: only where the file reads stacks (a module probe or a bundler list means the package itself)
  ['node_modules/express/', 'node_modules/router/'],
] as Token[]).sort((a, b) => b[0].length - a[0].length);

const PACKAGE_TOKEN = 'node_modules/express/';
/** Spellings only Express 5's router writes: a literal that has one already accepts both majors. */
const EXPRESS5_MARK = /handleRequest|handleError|trimPrefix|processParams|node_modules\/router|router\/lib\//;
/** A file that reads stack traces: frames, call sites, stack filters. */
const STACK_CONTEXT = /\.stack\b|getFileName|getFunctionName|getMethodName|getTypeName|getEvalOrigin|prepareStackTrace|captureStackTrace|stackTraceLimit|callsites?\b|stack-?trace|stack-utils/i;
const SEPARATOR = String.raw`(?:\\\/|\[\\\\\/\]|\[\/\\\\\]|\/)`;
const CALL_SITE_READS = ['getFileName', 'getFunctionName', 'getMethodName', 'getTypeName', 'getEvalOrigin', 'getScriptNameOrSourceURL'];
const SEARCHES = new Set(['includes', 'startsWith', 'endsWith']);
const EQUAL = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken]);
const UNEQUAL = new Set([ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

export default createExpressRule({
  id: 'stack-frame-names',
  meta: {
    description: "Make stack-frame checks that name Express 4's router also match Express 5's",
    rows: [10, 56],
    kind: 'both',
    prefilter: ['handle_request', 'handle_error', 'trim_prefix', 'process_params', 'express/lib/router', 'express\\/lib', 'node_modules/express', 'node_modules\\/express', 'express[\\\\/]lib'],
    messages: {
      dualCheck:
        '`{{text}}` names Express 4\'s router; Express 5 runs handlers from the `router` package, whose frames read `{{express5}}`. The check now accepts both.',
      cannotRewrite:
        '`{{text}}` names Express 4\'s router, which Express 5 replaced with the `router` package (frames `{{express5}}`). Accept both spellings where this is compared with a stack.',
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    const stackContext = STACK_CONTEXT.test(context.text);
    const findingFor = (value: string, isSource: boolean) => {
      const found = express5Form(value, isSource, stackContext);
      if (!found || EXPRESS5_MARK.test(isSource ? unescapeSource(value) : value)) return undefined;
      return found;
    };

    const reportString = (literal: ts.StringLiteralLike) => {
      if (isName(literal)) return;
      // `new RegExp('…')`, `line.match('…')`: the string is a pattern, rewritten like a RegExp literal
      if (isPatternArgument(literal)) {
        const pattern = findingFor(literal.text, true);
        if (!pattern) return;
        const data = { text: literal.text, express5: pattern.value };
        const source = pattern.replaced;
        const fix = source === undefined ? null : (fixer: Fixer) => fixer.replaceText(literal, quoteLike(literal, source, sourceFile));
        context.report({ node: literal, messageId: fix ? 'dualCheck' : 'cannotRewrite', data, confidence: pattern.confidence, fix });
        return;
      }
      const found = findingFor(literal.text, false);
      if (!found) return;
      const confidence = found.confidence;
      const data = { text: literal.text, express5: found.value };
      const constant = constantOf(literal);
      if (found.replaced === undefined) {
        context.report({ node: literal, messageId: 'cannotRewrite', data, confidence });
        return;
      }
      const alt = quoteLike(literal, found.replaced, sourceFile);
      if (ts.isArrayLiteralExpression(literal.parent)) {
        const list = literal.parent;
        if (list.elements.some((e) => ts.isStringLiteralLike(e) && e.text === found.replaced)) return;
        context.report({ node: literal, messageId: 'dualCheck', data, confidence, fix: (fixer) => fixer.insertAfter(literal, `, ${alt}`) });
        return;
      }
      const uses = constant ? referencesOf(constant, facts.scopes, sourceFile) : [literal];
      const sites = uses.map((use) => testSite(use)).filter((site) => site !== undefined);
      if (sites.length) {
        for (const site of sites) {
          if (isAlreadyDual(site.node, alt, sourceFile)) continue;
          context.report({ node: site.needle, messageId: 'dualCheck', data, confidence, fix: (fixer) => fixer.replaceText(site.node, site.build(alt, sourceFile)) });
        }
        return;
      }
      if (found.specific || (stackContext && !isPatchTarget(literal))) context.report({ node: literal, messageId: 'cannotRewrite', data, confidence });
    };

    return {
      StringLiteral: reportString,
      NoSubstitutionTemplateLiteral: reportString,
      RegularExpressionLiteral(node: ts.RegularExpressionLiteral) {
        const slash = node.text.lastIndexOf('/');
        const source = node.text.slice(1, slash);
        const found = findingFor(source, true);
        if (!found) return;
        const data = { text: node.text, express5: found.value };
        if (found.replaced === undefined) {
          context.report({ node, messageId: 'cannotRewrite', data, confidence: found.confidence });
          return;
        }
        context.report({ node, messageId: 'dualCheck', data, confidence: found.confidence, fix: (fixer) => fixer.replaceText(node, `/${found.replaced}${node.text.slice(slash)}`) });
      },
    };
  },
});

// --- internal ---

interface Express5Form {
  /** A string with every Express 4 spelling replaced by Express 5's; for a pattern, Express 5's spellings. */
  value: string;
  /**
   * The string with Express 5's spellings, or the pattern with each spelling turned into `(?:express4|express5)`;
   * undefined where that would not mean the same (a quantifier after it, a file under Express 4's router folder).
   */
  replaced?: string;
  /** The text names Express 4's files or its `[as handle_request]` frame: no other code is spelt like that. */
  specific: boolean;
  confidence: Confidence;
}

/**
 * What Express 5 writes where `text` names Express 4's router, or undefined when it names none. `isSource`: `text`
 * is a RegExp source, where `/` may be `\/` or `[\\/]` and `.` may be `\.`.
 */
export function express5Form(text: string, isSource: boolean, stackContext: boolean): Express5Form | undefined {
  const tokens = TOKENS.filter(([express4]) => stackContext || express4 !== PACKAGE_TOKEN);
  const pattern = new RegExp(tokens.map(([express4]) => (isSource ? sourcePattern(express4) : escapeRegExp(express4))).join('|'), 'g');
  const names: string[] = [];
  let specific = false;
  let safe = true;
  const replaced = text.replace(pattern, (match, offset: number) => {
    const [express4, express5] = tokens.find(([t]) => t === (isSource ? unescapeSource(match) : match))!;
    if (!names.includes(express5)) names.push(express5);
    if (express4.includes('/') || express4.includes('[as')) specific = true;
    const rest = text.slice(offset + match.length);
    // Express 4's router folder holds its files directly, Express 5's under `lib/` (but `index.js`): only the folder as
    // a whole has one counterpart
    if (express5 === 'node_modules/router' && !(isSource ? new RegExp(`^${SEPARATOR}?(?:$|[)|]|\\.[*+])`) : /^\/?$/).test(rest)) safe = false;
    if (!isSource) return express5;
    // `handle_request?` or `express\/lib\/router+`: the quantifier binds one character, an alternation would change it
    if (/^[?*+{]/.test(rest) || isInCharacterClass(text, offset)) safe = false;
    const separator = /\\\/|\[\\\\\/\]|\[\/\\\\\]|\//.exec(match)?.[0] ?? '\\/';
    return `(?:${match}|${express5.replace(/\./g, '\\.').replace(/\//g, separator)})`;
  });
  if (!names.length) return undefined;
  return { value: isSource ? names.join('`, `') : replaced, replaced: safe ? replaced : undefined, specific, confidence: specific || stackContext ? 'high' : 'low' };
}

/** A RegExp source that matches `logical` as a pattern writes it: `/` as `/`, `\/` or `[\\/]`, `.` as `.` or `\.`. */
function sourcePattern(logical: string): string {
  let out = '';
  for (const char of logical) {
    if (char === '/') out += SEPARATOR;
    else if (char === '.') out += String.raw`\\?\.`;
    else if (char === '[' || char === ']') out += `\\\\\\${char}`;
    else if (char === ' ') out += String.raw`(?: |\\s)`;
    else out += char;
  }
  return out;
}

function unescapeSource(source: string): string {
  return source.replace(/\[\\\\\/\]|\[\/\\\\\]/g, '/').replace(/\\s/g, ' ').replace(/\\(.)/g, '$1');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function isInCharacterClass(source: string, offset: number): boolean {
  let inClass = false;
  for (let i = 0; i < offset; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '[') inClass = true;
    else if (source[i] === ']') inClass = false;
  }
  return inClass;
}

interface TestSite {
  /** The string (or the constant holding it) being searched for. */
  needle: ts.Expression;
  /** The whole test, replaced by its dual form. */
  node: ts.Expression;
  build(alt: string, sourceFile: ts.SourceFile): string;
}

/**
 * A test of a string against `needle` that can be made twice: `x.includes(n)` (`startsWith`, `endsWith`),
 * `x.indexOf(n) !== -1` (and the other found / not-found comparisons), `x === n`. The searched value must be
 * repeatable: it is read once more.
 */
function testSite(needle: ts.Expression): TestSite | undefined {
  let outer: ts.Expression = needle;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const parent = outer.parent;
  const swap = (whole: ts.Expression, joiner: '||' | '&&'): TestSite => ({
    needle,
    node: whole,
    build: (alt, sourceFile) => {
      const start = whole.getStart(sourceFile);
      const text = whole.getText(sourceFile);
      const twin = text.slice(0, needle.getStart(sourceFile) - start) + alt + text.slice(needle.getEnd() - start);
      return `(${text} ${joiner} ${twin})`;
    },
  });
  if (ts.isCallExpression(parent) && parent.arguments[0] === outer) {
    const call = methodCall(parent);
    if (!call || !isRepeatableRead(call.receiver)) return undefined;
    if (SEARCHES.has(call.name)) return swap(parent, '||');
    if (call.name === 'indexOf') {
      const found = indexOfTest(parent);
      return found && swap(found.node, found.found ? '||' : '&&');
    }
    return undefined;
  }
  if (ts.isBinaryExpression(parent)) {
    const other = parent.left === outer ? parent.right : parent.left;
    const kind = parent.operatorToken.kind;
    if ((EQUAL.has(kind) || UNEQUAL.has(kind)) && isRepeatableRead(other)) return swap(parent, EQUAL.has(kind) ? '||' : '&&');
  }
  return undefined;
}

/** Repeatable, or a call site's getter (`site.getFileName()`): V8 answers the same every time, with no effect. */
function isRepeatableRead(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  if (!ts.isCallExpression(node)) return isRepeatable(node);
  const call = methodCall(node, ...CALL_SITE_READS);
  return !!call && call.args.length === 0 && isRepeatable(call.receiver);
}

/** `i.indexOf(n) !== -1`, `>= 0`, `> -1` (found) or `=== -1`, `< 0` (not found): the comparison around it. */
function indexOfTest(call: ts.CallExpression): { node: ts.BinaryExpression; found: boolean } | undefined {
  let outer: ts.Expression = call;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const parent = outer.parent;
  if (!ts.isBinaryExpression(parent) || parent.left !== outer) return undefined;
  const bound = parent.right.getText().replace(/\s/g, '');
  const kind = parent.operatorToken.kind;
  if (bound === '-1' && (UNEQUAL.has(kind) || kind === ts.SyntaxKind.GreaterThanToken)) return { node: parent, found: true };
  if (bound === '0' && kind === ts.SyntaxKind.GreaterThanEqualsToken) return { node: parent, found: true };
  if (bound === '-1' && EQUAL.has(kind)) return { node: parent, found: false };
  if (bound === '0' && kind === ts.SyntaxKind.LessThanToken) return { node: parent, found: false };
  return undefined;
}

/** Our own dual form: the test already sits in `(… || …)` with the Express 5 spelling. */
function isAlreadyDual(test: ts.Expression, alt: string, sourceFile: ts.SourceFile): boolean {
  const parent = test.parent;
  if (!ts.isBinaryExpression(parent)) return false;
  const other = parent.left === test ? parent.right : parent.left;
  return other.getText(sourceFile).includes(alt.slice(1, -1));
}

/** `new RegExp(s)`, `RegExp(s)`, `x.match(s)`, `x.search(s)`: a string read as a pattern. */
function isPatternArgument(literal: ts.Expression): boolean {
  const parent = literal.parent;
  if ((ts.isNewExpression(parent) || ts.isCallExpression(parent)) && parent.arguments?.[0] === literal) {
    const callee = unwrap(parent.expression);
    if (ts.isIdentifier(callee) && callee.text === 'RegExp') return true;
    return ts.isCallExpression(parent) && !!methodCall(parent, 'match', 'search');
  }
  return false;
}

/** `const MARK = '[as handle_request]'`: the constant whose uses are the tests. */
function constantOf(literal: ts.StringLiteralLike): ts.VariableDeclaration | undefined {
  const parent = literal.parent;
  if (!ts.isVariableDeclaration(parent) || parent.initializer !== literal || !ts.isIdentifier(parent.name)) return undefined;
  return parent.parent.flags & ts.NodeFlags.Const ? parent : undefined;
}


/**
 * A string that names a module or a property rather than holding text to compare: `require('express/lib/router')`
 * (router-lib-require's), `import`, `jest.mock(…)`, an object key, a literal type.
 */
function isName(literal: ts.StringLiteralLike): boolean {
  const parent = literal.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent) || ts.isLiteralTypeNode(parent)) return true;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === literal) return true;
  if (ts.isCallExpression(parent)) {
    const callee = unwrap(parent.expression);
    if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    return name === 'require' || name === 'resolve' || name === 'mock' || name === 'doMock' || name === 'requireActual';
  }
  return false;
}

/** `shimmer.wrap(Layer.prototype, 'handle_request', …)`: a method being patched, not a frame being read. */
function isPatchTarget(literal: ts.Expression): boolean {
  const parent = literal.parent;
  if (ts.isElementAccessExpression(parent)) return true;
  return ts.isCallExpression(parent) && parent.arguments.some((a) => a !== literal && /prototype/.test(a.getText()));
}
