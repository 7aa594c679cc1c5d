/**
 * @module _warn
 * The Express pack's warnings, `(straddle express/<id>) <message>`: shims/warn.ts with this pack's table, links and
 * folder. A feature may pass the site it captured earlier (a promise's rejection, a parser's later call).
 */
import { FLAGS, docsLink, type FeatureId } from './flags.ts';
import type { Major } from './major.ts';
import { createShimWarn, moduleDir, siteFinder, type ShimWarning, type ShimWarnOptions, type Site } from '../warn.ts';

export type { Site };

export type Warning = ShimWarning<'express', FeatureId, Major>;

export type WarnOptions = ShimWarnOptions<Warning>;

export type Warn = (id: FeatureId, site?: Site) => void;

/** The first stack frame outside this shim and node_modules: the user's call site. */
export const callSite = siteFinder(moduleDir(new Error()));

const SOURCE = { pack: 'express', message: (id: FeatureId) => FLAGS[id].message, link: docsLink, callSite } as const;

/** Creates the warn function of one straddle() call: its own dedupe set, sink and report file. */
export function createWarn(options: WarnOptions, major: Major): Warn {
  return createShimWarn(SOURCE, options, major);
}
