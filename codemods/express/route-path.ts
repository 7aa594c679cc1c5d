/**
 * @module codemods/express/route-path
 * Rows 27–34 and 36: route path syntax. Every string path given to an Express app or router (`.get/.post/…/.all`,
 * `.use`, `.route`; arrays; template literals without substitutions; `const` paths of this module) is translated
 * with the real path-to-regexp of each major into the simplest form that matches the same on Express 4 and 5
 * (see `lib/express-paths/translate.ts`). Row 36 (malformed `%` in a param) answers 400 on both and needs no rewrite; the
 * property test checks that translations keep it so.
 */
import ts from 'typescript';
import type { Edit, RuleContext } from '../../src/authoring.ts';
import type { ExpressFacts } from './_facts.ts';
import { createExpressRule, quoteLike } from './_rule.ts';
import { positionalReads } from './_paths/_positional.ts';
import { routerOptionsOf } from './_paths/_router-options.ts';
import { classifyArgument, pathSiteOf, type PathArgument, type PathSite } from './_paths/_sites.ts';
import { referencesOf } from './_scope.ts';
import { translateUnder, type SiteTranslation } from './_paths/_under-options.ts';
import { classifyPath, looksExpress5, toExpress5Path, type Translation } from '../../lib/express-paths/translate.ts';

/**
 * What a path has that Express 5 rejects or reads differently, keyed by its row of the breaking-change table (row 28
 * is about the handlers, not the path: `positionalParam`).
 */
const MESSAGE_OF_ROW = {
  27: 'unnamedWildcard',
  29: 'optionalParam',
  30: 'paramModifier',
  31: 'inlineRegex',
  32: 'reservedCharacter',
  33: 'matchesDifferently',
  34: 'paramNameReadDifferently',
} as const;
type Row = keyof typeof MESSAGE_OF_ROW;
type MessageIds = (typeof MESSAGE_OF_ROW)[Row] | 'dynamicPath' | 'positionalParam';

const ADVICE = {
  both: 'Use `{{replacement}}`: it matches, and fills `req.params`, the same on Express 4 and 5.',
  caveat: 'Use `{{replacement}}`: it matches, and fills `req.params`, the same on Express 4 and 5 but for one case ({{reason}}).',
  new: 'Use `{{replacement}}` (Express 5 only).',
  report: 'It cannot be rewritten safely ({{reason}}); rewrite it by hand.',
};

export default createExpressRule<MessageIds>({
  id: 'route-path',
  meta: {
    description: 'Rewrite Express 4 route path syntax into forms that match the same on Express 4 and 5',
    rows: [27, 28, 29, 30, 31, 32, 33, 34, 36],
    kind: 'both',
    // `.del(`: Express 4's alias of `.delete(`, whose paths are checked before app-del renames it
    prefilter: ['.get(', '.post(', '.put(', '.delete(', '.del(', '.patch(', '.all(', '.use(', '.route(', '.options(', '.head(', 'Async('],
    signatures: [/Missing parameter name/, /Unexpected [()[\]?+!]/, /Unexpected (?:MODIFIER|OPEN|CLOSE|CHAR)/],
    messages: {
      unnamedWildcard: '`{{path}}` has an unnamed `*`, which Express 5 rejects at registration (row 27). {{advice}}',
      optionalParam: '`{{path}}` has an optional param (`:name?`), which Express 5 rejects (row 29). {{advice}}',
      paramModifier: '`{{path}}` has a `+` or `*` param modifier, which Express 5 rejects (row 30). {{advice}}',
      inlineRegex: '`{{path}}` has a regular expression inside the string, which Express 5 rejects (row 31). {{advice}}',
      reservedCharacter: '`{{path}}` has a character Express 5 reserves (row 32). {{advice}}',
      matchesDifferently: '`{{path}}` is accepted by Express 5 but matches differently there (row 33). {{advice}}',
      paramNameReadDifferently: '`{{path}}` has a param name Express 5 reads differently (row 34). {{advice}}',
      dynamicPath:
        'This route path is built at run time, so its syntax cannot be checked here (rows 27–34). Wrap it in `routePath(…)` from straddle/express, which turns it into a form that means the same on both majors, or write it as a literal.',
      positionalParam:
        'A handler of `{{path}}` that is not in this call may read `req.params[{{index}}]`, which is `req.params.{{name}}` (an array) on Express 5 (row 28). Check it by hand.',
    },
  },
  create(context) {
    return {
      CallExpression(node: ts.CallExpression) {
        const site = pathSiteOf(node, context.facts);
        if (site) checkSite(context, site);
      },
    };
  },
});

// --- internal ---

type Context = RuleContext<MessageIds, ExpressFacts>;
type Translate = (path: string) => SiteTranslation;

/** One path argument to report: the path that changes, how it translates, and its replacement when there is one. */
interface PathFinding {
  site: PathSite;
  path: string;
  translation: Translation;
  proven: boolean;
  node: ts.Node;
  replacement: string | undefined;
  reason: string | undefined;
  /** `--target 5`: positional reads to rewrite together with the path, so neither lands without the other. */
  reads: readonly Edit[];
}

/** One registration: a dynamic path is reported, a string, a `const` or an array of them translated. */
function checkSite(context: Context, site: PathSite): void {
  const argument = classifyArgument(site, context.facts);
  if (isExpress5Already(context, argument)) return;
  const translate = translatorFor(context, site);
  if (argument.type === 'const-array' && isSettled(context, argument, translate)) return;
  // a constant list that still needs another form is not rewritten in its declaration (others may read it): it is
  // reported as the dynamic paths are
  if (argument.type === 'dynamic' || argument.type === 'const-array') {
    context.report({ node: site.argument, messageId: 'dynamicPath', confidence: site.confidence });
  } else if (argument.type === 'literal' || argument.type === 'const') {
    checkString(context, site, argument, translate);
  } else if (argument.type === 'array') {
    checkArray(context, site, argument, translate);
  }
}

/** A constant list of literal paths needing no other form (ours from an earlier run, or written so): nothing to do. */
function isSettled(context: Context, argument: Extract<PathArgument, { type: 'const-array' }>, translate: Translate): boolean {
  const isNew = context.options.target === 'new';
  return argument.elements.every((e) => !ts.isStringLiteralLike(e) || (isNew && looksExpress5(e.text)) || translate(e.text).translation.kind === 'same');
}

/** With `--target 5`, a path already in Express 5 syntax (ours from an earlier run, or by hand) is left alone. */
function isExpress5Already(context: Context, argument: PathArgument): boolean {
  const written = argument.type === 'literal' ? argument.node.text : argument.type === 'const' ? argument.value.text : undefined;
  return context.options.target === 'new' && written !== undefined && looksExpress5(written);
}

/** Translates a path under the options of the router it is registered on. */
function translatorFor(context: Context, site: PathSite): Translate {
  const options = routerOptionsOf(site.receiver, context.facts, site.call);
  return (path) => translateUnder(path, site.end, options);
}

/** A string path, written in the call or in a `const` of this module (rewritten there only if nothing else uses it). */
function checkString(context: Context, site: PathSite, argument: Extract<PathArgument, { type: 'literal' | 'const' }>, translate: Translate): void {
  const literal = argument.type === 'literal' ? argument.node : argument.value;
  const { translation, proven } = translate(literal.text);
  if (translation.kind === 'same') return;
  const shared = argument.type === 'const' && (argument.exported || !onlyPathReferences(context, argument.declaration, literal.text, translation));
  const replacement = shared ? undefined : render(context, literal, translation, false);
  reportPath(context, {
    site, path: literal.text, translation, proven, node: literal, replacement,
    reason: shared ? 'the constant is exported, used for something else too, or needs another form elsewhere' : undefined,
    reads: context.options.target === 'new' && replacement !== undefined ? splatReads(context, site, literal.text) : [],
  });
}

/** An array of paths: one finding for the array, named after its first path that changes, and one replacement. */
function checkArray(context: Context, site: PathSite, argument: Extract<PathArgument, { type: 'array' }>, translate: Translate): void {
  const strings = argument.elements.filter(ts.isStringLiteralLike).filter((e) => context.options.target !== 'new' || !looksExpress5(e.text));
  const translated = new Map(strings.map((e) => [e, translate(e.text)]));
  const changed = [...translated].find(([, t]) => t.translation.kind !== 'same');
  if (!changed) return;
  const parts = argument.elements.map((e) => {
    const t = translated.get(e as ts.StringLiteralLike);
    return !t || t.translation.kind === 'same' ? e.getText(context.sourceFile) : render(context, e as ts.StringLiteralLike, t.translation, true);
  });
  const translations = [...translated.values()].map((t) => t.translation);
  const unsupported = translations.find((t) => t.kind === 'unsupported');
  const clash = duplicateGroupName(translations);
  reportPath(context, {
    site, path: changed[0].text, translation: changed[1].translation, node: argument.node,
    proven: [...translated.values()].every((t) => t.proven),
    replacement: clash || parts.includes(undefined) ? undefined : `[${parts.join(', ')}]`,
    reason: clash ?? (unsupported?.kind === 'unsupported' ? unsupported.reason : undefined),
    reads: [],
  });
}

/** The finding, with the advice for the target and a fix when there is a replacement. */
function reportPath(context: Context, finding: PathFinding): void {
  const { site, path, translation, replacement } = finding;
  const target = context.options.target;
  const caveat = translation.kind === 'regexp' && target === 'both' ? translation.caveat : undefined;
  const reason = finding.reason ?? (translation.kind === 'unsupported' ? translation.reason : caveat ?? 'no dual form');
  const advice = replacement === undefined ? ADVICE.report : caveat ? ADVICE.caveat : ADVICE[target];
  context.report({
    node: site.argument,
    messageId: messageIdOf(path),
    // Function replacers: a RegExp source may contain `$'` or `$&`.
    data: { path, advice: advice.replace('{{replacement}}', () => replacement ?? '').replace('{{reason}}', () => reason) },
    // Unproven: it depends on a strict / case-sensitive setting this file does not show, or it differs in one case.
    // Fixed only when asked, or when a failing test proves it.
    confidence: finding.proven && !caveat ? site.confidence : 'low',
    fix: replacement === undefined ? null : (fixer) => [fixer.replaceText(finding.node, replacement), ...finding.reads],
  });
}

/** The first thing the path has that Express 5 rejects or reads differently (`matchesDifferently` when none is named). */
function messageIdOf(path: string): MessageIds {
  const row = classifyPath(path).find((r) => r !== 28) ?? 33;
  return MESSAGE_OF_ROW[row as Row];
}

/** The replacement text for one string literal, or undefined when there is none. */
function render(context: Context, literal: ts.StringLiteralLike, translation: Translation, inArray: boolean): string | undefined {
  const path = literal.text;
  if (context.options.target === 'new') {
    const next = toExpress5Path(path);
    if (next && next.path !== path) return quoteLike(literal, next.path, context.sourceFile);
  }
  switch (translation.kind) {
    case 'same': return undefined;
    case 'unsupported': return undefined;
    case 'regexp': return `/${translation.source}/${translation.flags}`;
    case 'paths': {
      const items = translation.paths.map((p) => quoteLike(literal, p, context.sourceFile)).join(', ');
      return inArray ? items : `[${items}]`;
    }
  }
}

/** Every use of the constant is a route path that needs this very translation (`use` and verbs differ). */
function onlyPathReferences(context: Context, declaration: ts.VariableDeclaration, value: string, translation: Translation): boolean {
  const facts = context.facts;
  return referencesOf(declaration, facts.scopes, facts.sourceFile).every((ref) => {
    const call = ref.parent;
    const site = ts.isCallExpression(call) && call.arguments[0] === ref ? pathSiteOf(call, facts) : undefined;
    if (!site) return false;
    const there = translateUnder(value, site.end, routerOptionsOf(site.receiver, facts, site.call)).translation;
    return JSON.stringify(there) === JSON.stringify(translation);
  });
}

/** Edits turning `req.params[0]` into the joined splat; a handler out of reach is reported instead. */
function splatReads(context: Context, site: PathSite, path: string): Edit[] {
  const names = toExpress5Path(path)?.positional ?? [];
  if (!names.length) return [];
  const { reads, complete } = positionalReads(site.call.arguments.slice(1), context.facts);
  if (!complete) {
    context.report({ node: site.argument, messageId: 'positionalParam', data: { path, index: 0, name: names[0] }, fix: null });
  }
  return reads.flatMap((read) => {
    const name = names[read.index];
    const joined = `(${read.request}.params.${name}?.join('/') ?? '')`;
    return name ? [{ start: read.node.getStart(context.sourceFile), end: read.node.end, text: joined }] : [];
  });
}

/** Two RegExps in one array with the same group name: Express 4 joins them into one invalid expression. */
function duplicateGroupName(translations: readonly Translation[]): string | undefined {
  const names = translations.flatMap((t) => (t.kind === 'regexp' ? [...t.source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]) : []));
  return new Set(names).size === names.length ? undefined : 'two paths of the array would name the same group, which Express 4 cannot join';
}
