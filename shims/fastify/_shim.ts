/**
 * @module _shim
 * The state of one straddle() call (the instance's version, resolved modes, warn function) and the helpers every
 * feature uses to decide whether to install itself and to report old-form code when it runs.
 */
import { FEATURE_IDS, FLAGS, INSTANCE_FEATURES, type FeatureId } from './flags.ts';
import type { Major } from './major.ts';
import { createWarn, type Warn, type WarnOptions } from './_warn.ts';
import { checkedModes, type Mode, type ModeOptions } from '../modes.ts';

export type { Mode };

export interface StraddleOptions extends WarnOptions, ModeOptions<FeatureId> {}

export interface Shim {
  readonly major: Major;
  /** The instance's Fastify version, e.g. `4.22.2`: features that fill in what a 4.x minor lacks read it. */
  readonly version: string;
  readonly modes: Readonly<Record<FeatureId, Mode>>;
  readonly warn: Warn;
}

export function createShim(major: Major, version: string, options: StraddleOptions = {}): Shim {
  const { fallback, features } = checkedModes(options, FLAGS, FEATURE_IDS);
  const modes = {} as Record<FeatureId, Mode>;
  for (const id of FEATURE_IDS) modes[id] = features[id] ?? fallback;
  return { major, version, modes, warn: createWarn(options, major) };
}

/** Whether `straddle(app)` has anything to install for `id` (helpers are called by the app's own code). */
export function isEnabled(shim: Shim, id: FeatureId): boolean {
  return shim.modes[id] !== 'off' && INSTANCE_FEATURES.includes(id);
}

/** Old-form code ran (or the shim supplied what the minor lacks): warns at the caller's site when the mode says so. */
export function report(shim: Shim, id: FeatureId, message?: string): void {
  if (shim.modes[id] === 'warn') shim.warn(id, undefined, message);
}
