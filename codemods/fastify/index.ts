/**
 * @module codemods/fastify
 * The Fastify 4 → 5 pack: one rule per file, registered here (its registry test checks that every rule file is
 * listed). The spec is docs/fastify/breaking-changes.md; the rules cite its rows.
 */
import { definePack } from '../../src/authoring.ts';
import { FastifyFacts } from './_facts.ts';
import { docsUrl, rowUrl } from './_rule.ts';
import { shim } from './_shim.ts';
import replyRedirectCode from './reply-redirect-code.ts';
import listenVariadic from './listen-variadic.ts';
import replyGetResponseTime from './reply-get-response-time.ts';
import requestConnection from './request-connection.ts';
import replySentAssign from './reply-sent-assign.ts';
import requestRouteProps from './request-route-props.ts';
import pluginFastifyRange from './plugin-fastify-range.ts';
import { sectionB } from './_section-b.ts';
import { sectionsCToF } from './_sections-c-to-f.ts';
import { explainReplay } from './_replay.ts';
import dependencyMajors from './dependency-majors.ts';

export const rules = [replyRedirectCode, listenVariadic, replyGetResponseTime, requestConnection, replySentAssign, requestRouteProps, pluginFastifyRange, ...sectionB, ...sectionsCToF];

export default definePack({
  id: 'fastify',
  title: 'Fastify 4 → 5',
  framework: 'Fastify',
  packageName: 'fastify',
  versions: { old: '4', new: '5' },
  // fastify ships its own types: the typed pass resolves fastify itself, and the matrix has no types package to swap
  declarationsPackage: 'fastify',
  shim,
  docsUrl,
  rowUrl,
  rules,
  projectRules: [dependencyMajors],
  // what replay's differences prove: the evidence the rules pinning an old default wait for
  explainReplay,
  // every rule needs a Fastify object: a file importing fastify or fastify-plugin, a plugin's `fastify` parameter,
  // a handler's `reply`, or an app or server imported from the project (the low-confidence cases)
  prefilter: /fastify|\b(?:reply|app|server|instance)\b/i,
  analyze: (sourceFile, options, checker) => new FastifyFacts(sourceFile, options, checker),
});
