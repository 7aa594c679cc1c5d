/**
 * @module codemods/express/route-path
 * Rows 27–34 and 36: route path syntax. Every string path given to an Express app or router (`.get/.post/…/.all`,
 * `.use`, `.route`; arrays; template literals without substitutions; `const` paths of this module) is translated
 * with the real path-to-regexp of each major into the simplest form that matches the same on Express 4 and 5
 * (see `lib/express-paths/translate.ts`). Row 36 (malformed `%` in a param) answers 400 on both and needs no rewrite; the
 * property test checks that translations keep it so.
 */
import ts from 'typescript';
import type { Edit } from '../../src/index.ts';
import { createExpressRule, quoteLike } from './_rule.ts';
import { positionalReads } from './_paths/_positional.ts';
import { routerOptionsOf } from './_paths/_router-options.ts';
import { classifyArgument, pathSiteOf, referencesOf, type PathSite } from './_paths/_sites.ts';
import { translateUnder } from './_paths/_under-options.ts';
import { classifyPath, looksExpress5, toExpress5Path, type Translation } from '../../lib/express-paths/translate.ts';

type Row = 27 | 29 | 30 | 31 | 32 | 33 | 34;
type MessageIds = `row${Row}` | 'dynamicPath' | 'positionalParam';

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
    prefilter: ['.get(', '.post(', '.put(', '.delete(', '.patch(', '.all(', '.use(', '.route(', '.options(', '.head(', 'Async('],
    signatures: [/Missing parameter name/, /Unexpected [()[\]?+!]/, /Unexpected (?:MODIFIER|OPEN|CLOSE|CHAR)/],
    messages: {
      row27: '`{{path}}` has an unnamed `*`, which Express 5 rejects at registration (row 27). {{advice}}',
      row29: '`{{path}}` has an optional param (`:name?`), which Express 5 rejects (row 29). {{advice}}',
      row30: '`{{path}}` has a `+` or `*` param modifier, which Express 5 rejects (row 30). {{advice}}',
      row31: '`{{path}}` has a regular expression inside the string, which Express 5 rejects (row 31). {{advice}}',
      row32: '`{{path}}` has a character Express 5 reserves (row 32). {{advice}}',
      row33: '`{{path}}` is accepted by Express 5 but matches differently there (row 33). {{advice}}',
      row34: '`{{path}}` has a param name Express 5 reads differently (row 34). {{advice}}',
      dynamicPath:
        'This route path is built at run time, so its syntax cannot be checked here (rows 27–34). Wrap it in `routePath(…)` from straddle/express, which turns it into a form that means the same on both majors, or write it as a literal.',
      positionalParam:
        'A handler of `{{path}}` that is not in this call may read `req.params[{{index}}]`, which is `req.params.{{name}}` (an array) on Express 5 (row 28). Check it by hand.',
    },
  },
  create(context) {
    const facts = context.facts;
    const target = context.options.target;
    return {
      CallExpression(node: ts.CallExpression) {
        const site = pathSiteOf(node, facts);
        if (site) checkSite(site);
      },
    };

    function checkSite(site: PathSite): void {
      const argument = classifyArgument(site, facts);
      const written = argument.type === 'literal' ? argument.node.text : argument.type === 'const' ? argument.value.text : undefined;
      // With `--target 5`, a path already in Express 5 syntax (ours from an earlier run, or by hand) is left alone.
      if (target === 'new' && written !== undefined && looksExpress5(written)) return;
      const options = routerOptionsOf(site.receiver, facts, site.call);
      const translate = (path: string) => translateUnder(path, site.end, options);

      // a constant list of literal paths is checked as written; one that still needs another form is not rewritten
      // in its declaration (others may read it), so it is reported as the dynamic paths are
      const settled = argument.type === 'const-array' && argument.elements.every((e) => !ts.isStringLiteralLike(e) || (target === 'new' && looksExpress5(e.text)) || translate(e.text).translation.kind === 'same');
      if (settled) return;
      if (argument.type === 'dynamic' || argument.type === 'const-array') {
        context.report({ node: site.argument, messageId: 'dynamicPath', confidence: site.confidence });
        return;
      }
      if (argument.type === 'literal' || argument.type === 'const') {
        const literal = argument.type === 'literal' ? argument.node : argument.value;
        const { translation, proven } = translate(literal.text);
        if (translation.kind === 'same') return;
        const shared = argument.type === 'const' && (argument.exported || !onlyPathReferences(argument.declaration, literal.text, translation));
        const replacement = shared ? undefined : render(literal, translation, false);
        report({
          site, path: literal.text, translation, proven, node: literal, replacement,
          reason: shared ? 'the constant is exported, used for something else too, or needs another form elsewhere' : undefined,
          reads: target === 'new' && replacement !== undefined ? splatReads(site, literal.text) : [],
        });
        return;
      }
      if (argument.type === 'array') {
        const strings = argument.elements.filter(ts.isStringLiteralLike).filter((e) => target !== 'new' || !looksExpress5(e.text));
        const translated = new Map(strings.map((e) => [e, translate(e.text)]));
        const changed = [...translated].find(([, t]) => t.translation.kind !== 'same');
        if (!changed) return;
        const parts = argument.elements.map((e) => {
          const t = translated.get(e as ts.StringLiteralLike);
          return !t || t.translation.kind === 'same' ? e.getText(context.sourceFile) : render(e as ts.StringLiteralLike, t.translation, true);
        });
        const translations = [...translated.values()].map((t) => t.translation);
        const unsupported = translations.find((t) => t.kind === 'unsupported');
        const clash = duplicateGroupName(translations);
        report({
          site, path: changed[0].text, translation: changed[1].translation, node: argument.node,
          proven: [...translated.values()].every((t) => t.proven),
          replacement: clash || parts.includes(undefined) ? undefined : `[${parts.join(', ')}]`,
          reason: clash ?? (unsupported?.kind === 'unsupported' ? unsupported.reason : undefined),
          reads: [],
        });
      }
    }

    function report(finding: {
      site: PathSite; path: string; translation: Translation; proven: boolean; node: ts.Node;
      replacement: string | undefined; reason: string | undefined;
      /** `--target 5`: positional reads to rewrite together with the path, so neither lands without the other. */
      reads: readonly Edit[];
    }): void {
      const { site, path, translation, replacement } = finding;
      const rows = classifyPath(path).filter((r) => r !== 28);
      const caveat = translation.kind === 'regexp' && target === 'both' ? translation.caveat : undefined;
      const reason = finding.reason ?? (translation.kind === 'unsupported' ? translation.reason : caveat ?? 'no dual form');
      const advice = replacement === undefined ? ADVICE.report : caveat ? ADVICE.caveat : ADVICE[target];
      context.report({
        node: site.argument,
        messageId: `row${(rows[0] ?? 33) as Row}`,
        // Function replacers: a RegExp source may contain `$'` or `$&`.
        data: { path, advice: advice.replace('{{replacement}}', () => replacement ?? '').replace('{{reason}}', () => reason) },
        // Unproven: it depends on a strict / case-sensitive setting this file does not show, or it differs in one case.
        // Fixed only when asked, or when a failing test proves it.
        confidence: finding.proven && !caveat ? site.confidence : 'low',
        fix: replacement === undefined ? null : (fixer) => [fixer.replaceText(finding.node, replacement), ...finding.reads],
      });
    }

    /** The replacement text for one string literal, or undefined when there is none. */
    function render(literal: ts.StringLiteralLike, translation: Translation, inArray: boolean): string | undefined {
      const path = literal.text;
      if (target === 'new') {
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
    function onlyPathReferences(declaration: ts.VariableDeclaration, value: string, translation: Translation): boolean {
      return referencesOf(declaration, facts).every((ref) => {
        const call = ref.parent;
        const site = ts.isCallExpression(call) && call.arguments[0] === ref ? pathSiteOf(call, facts) : undefined;
        if (!site) return false;
        const there = translateUnder(value, site.end, routerOptionsOf(site.receiver, facts, site.call)).translation;
        return JSON.stringify(there) === JSON.stringify(translation);
      });
    }

    /** Edits turning `req.params[0]` into the joined splat; a handler out of reach is reported instead. */
    function splatReads(site: PathSite, path: string): Edit[] {
      const names = toExpress5Path(path)?.positional ?? [];
      if (!names.length) return [];
      const { reads, complete } = positionalReads(site.call.arguments.slice(1), facts);
      if (!complete) {
        context.report({ node: site.argument, messageId: 'positionalParam', data: { path, index: 0, name: names[0] }, fix: null });
      }
      return reads.flatMap((read) => {
        const name = names[read.index];
        const joined = `(${read.request}.params.${name}?.join('/') ?? '')`;
        return name ? [{ start: read.node.getStart(context.sourceFile), end: read.node.end, text: joined }] : [];
      });
    }
  },
});

/** Two RegExps in one array with the same group name: Express 4 joins them into one invalid expression. */
function duplicateGroupName(translations: readonly Translation[]): string | undefined {
  const names = translations.flatMap((t) => (t.kind === 'regexp' ? [...t.source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]) : []));
  return new Set(names).size === names.length ? undefined : 'two paths of the array would name the same group, which Express 4 cannot join';
}
