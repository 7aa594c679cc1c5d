/**
 * @module _warn
 * The Fastify pack's warnings, `(straddle fastify/<id>) <message>`: shims/warn.ts with this pack's table, links and
 * folder, always at the caller's site.
 */
import { FLAGS, docsLink, type FeatureId } from './flags.ts';
import type { Major } from './major.ts';
import { createShimWarn, moduleDir, siteFinder, type ShimWarn, type ShimWarning, type ShimWarnOptions, type Site } from '../warn.ts';

export type { Site };

export type Warning = ShimWarning<'fastify', FeatureId, Major>;

export type WarnOptions = ShimWarnOptions<Warning>;

/** Reports old-form code at the caller's site; `message` replaces the table's (the forward-compat wording). */
export type Warn = ShimWarn<FeatureId>;

const SOURCE = {
  pack: 'fastify',
  message: (id: FeatureId) => FLAGS[id].message,
  link: docsLink,
  callSite: siteFinder(moduleDir(new Error())),
} as const;

/** The warn function of one straddle() call: its own dedupe set, sink and report file. */
export function createWarn(options: WarnOptions, major: Major): Warn {
  return createShimWarn(SOURCE, options, major);
}
