/**
 * @module codemods/fastify/_pin-default
 * The visitor of the rules for a server option whose default Fastify 5 changed (rows 26, 27): a factory call that
 * leaves the option out gets 4.x's default written into its options, which gives 4.x's behaviour on both majors.
 * Pinning an old default keeps what 5.x changed on purpose (`;` ending a path, a client choosing its request id), and
 * whether the app's clients depend on it is not in the code: the call is reported everywhere, and rewritten only where
 * a replay of the project's own traffic saw the difference (RuleOptions.evidence, `upgrade --requests`). Without
 * that evidence a call is reported, at low confidence, only where its file shows a sign of the old behaviour in use
 * (`hint`: a path with `;`, a `request-id` header): every Fastify app has a factory call, and a scan that fails on
 * each of them for what their clients may never send would teach teams to ignore it. Replay finds the rest.
 */
import ts from 'typescript';
import type { RuleContext, Visitors } from '../../src/authoring.ts';
import type { FastifyFacts } from './_facts.ts';
import { addOption, findProperty, mayHoldMore, objectLiteralOf, optionsAt, propertyValue } from './_options.ts';
import { isAtLeast } from './_version.ts';

export type PinMessageIds = 'pinDefault' | 'optionsUnknown' | 'optionsSpread';

export interface PinnedOption {
  ruleId: string;
  /** The server option, e.g. `useSemicolonDelimiter`. */
  key: string;
  /** 4.x's default as code, e.g. `true`. */
  value: string;
  /** The first 4.x minor whose types declare the option: TypeScript below it fails on the key (undefined: every 4.x). */
  typedFrom?: string;
  /** Also counts as set when `routerOptions.<key>` is given (5.5+ router options). */
  routerOption?: boolean;
  /** What in the file's text shows the old default in use; without it or evidence, nothing is reported. */
  hint: RegExp;
}

/** Messages every pinning rule words in its own terms; these are the data each receives. */
export function pinDefaultVisitors(context: RuleContext<PinMessageIds, FastifyFacts>, option: PinnedOption): Visitors {
  const { facts, sourceFile } = context;
  const proven = !!context.options.evidence?.includes(option.ruleId);
  if (!proven && !option.hint.test(sourceFile.text)) return {};
  const confidence = proven ? 'high' : 'low';
  const typed = !option.typedFrom || !/\.[cm]?tsx?$/.test(sourceFile.fileName) || isAtLeast(facts.projectFastify(), option.typedFrom);
  return {
    CallExpression(node: ts.CallExpression) {
      if (!facts.isFactoryCall(node)) return;
      const site = optionsAt(facts, node);
      const data = { callee: node.expression.getText(sourceFile), key: option.key, value: option.value, options: '' };
      if (site.kind === 'unknown') {
        context.report({ node, messageId: 'optionsUnknown', data: { ...data, options: site.expression.getText(sourceFile) }, confidence });
        return;
      }
      if (site.kind === 'literal' && isSet(facts, site.object, option)) return;
      if (site.kind === 'literal' && mayHoldMore(site.object)) {
        context.report({ node, messageId: 'optionsSpread', data, confidence });
        return;
      }
      const edit = addOption(sourceFile, node, site, `${option.key}: ${option.value}`);
      context.report({
        node,
        messageId: 'pinDefault',
        data,
        confidence,
        fix: proven && typed ? (fixer) => fixer.replaceRange(edit.start, edit.end, edit.text) : null,
      });
    },
  };
}

/** The key written at the top level, or under `routerOptions` where that counts. */
function isSet(facts: FastifyFacts, object: ts.ObjectLiteralExpression, option: PinnedOption): boolean {
  if (findProperty(object, option.key)) return true;
  const router = option.routerOption ? findProperty(object, 'routerOptions') : undefined;
  if (!router) return false;
  // router options the file cannot read may set it: not this rule's to say
  const value = propertyValue(router);
  const routerObject = value && objectLiteralOf(facts, value);
  return !routerObject || !!findProperty(routerObject, option.key) || mayHoldMore(routerObject);
}
