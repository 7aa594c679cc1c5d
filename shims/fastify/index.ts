/**
 * @module straddle/fastify
 * Run one codebase on Fastify 4 and Fastify 5: `straddle(fastify)` brings back what Fastify 5 removed, gives the 4.x
 * minors what the dual forms need, and warns once per call site with the id of the rule that fixes it;
 * `dualPlugin` and `fastifyOptions` serve apps and plugins on either major. Fastify is a peer; nothing here imports it.
 */
export { straddle } from './straddle.ts';
export type { Mode, StraddleOptions } from './_shim.ts';
export type { Site, Warning } from './_warn.ts';
export { FLAGS, FEATURE_IDS, docsLink, type FeatureId, type FlagData, type FlagKind } from './flags.ts';
export { fastifyMajor, fastifyVersion, type Major } from './major.ts';
export { expandShorthand, isShorthand } from './json-shorthand.ts';
export { fastifyOptions, takesLoggerInstance } from './fastify-options.ts';
export { dualPlugin, BOTH_MAJORS, type PluginMeta } from './plugin.ts';
