/**
 * @module _shim
 * The state of one straddle() call (major, resolved modes, warn function) and the helpers every feature uses to
 * decide, in Vue compat's terms, whether to install itself and what to do when old-form code runs.
 */
import { FEATURE_IDS, FLAGS, type FeatureId } from './flags.ts';
import type { Major } from './major.ts';
import { createWarn, type Warn, type WarnOptions } from './_warn.ts';
import { checkedModes, type Mode, type ModeOptions } from '../modes.ts';

export type { Mode };

export interface StraddleOptions extends WarnOptions, ModeOptions<FeatureId> {
  /** Mode of every feature not listed in `features`, except the request-semantics ones (opt-in). Default `warn`. */
  default?: Mode;
}

export interface Shim {
  readonly major: Major;
  readonly modes: Readonly<Record<FeatureId, Mode>>;
  /** The modes this call set explicitly: what a router overrides for the requests passing through it. */
  readonly overrides: Readonly<Partial<Record<FeatureId, Mode>>>;
  readonly warn: Warn;
}

/** Set on a request while it passes through a router straddled with its own modes. */
export const REQUEST_MODES = Symbol.for('straddle.express.modes');

export function createShim(major: Major, options: StraddleOptions = {}): Shim {
  const { fallback, features } = checkedModes(options, FLAGS, FEATURE_IDS);
  const modes = {} as Record<FeatureId, Mode>;
  for (const id of FEATURE_IDS) {
    modes[id] = features[id] ?? ('optIn' in FLAGS[id] ? 'off' : fallback);
  }
  const overrides: Partial<Record<FeatureId, Mode>> = {};
  for (const id of FEATURE_IDS) {
    if (features[id] !== undefined) overrides[id] = features[id];
    else if (options.default !== undefined && !('optIn' in FLAGS[id])) overrides[id] = options.default;
  }
  return { major, modes, overrides, warn: createWarn(options, major) };
}

/**
 * What a feature installs on this major: `emulate` where it acts, `detect` (warn only, the major's own behaviour
 * otherwise) where the old form still works natively and the mode is `warn`, `skip` otherwise.
 */
export function plan(shim: Shim, id: FeatureId): 'skip' | 'emulate' | 'detect' {
  const mode = shim.modes[id];
  if (mode === 'off') return 'skip';
  const flag: { majors: readonly Major[]; kind: string } = FLAGS[id];
  if (flag.majors.includes(shim.major)) return 'emulate';
  return mode === 'warn' && (flag.kind === 'removed' || flag.kind === 'changed') ? 'detect' : 'skip';
}

/** The mode for a request: a straddled router's override if the request is inside one, else the app's. */
export function modeAt(shim: Shim, req: any, id: FeatureId): Mode {
  const local = req?.[REQUEST_MODES];
  return (local && local[id]) || shim.modes[id];
}

/**
 * Old-form code is running: warns if the mode says so and tells whether the shim should give it the old
 * behaviour (vue compat's `softAssertCompatEnabled`). `false` means: let the major do what it does natively.
 */
export function compat(shim: Shim, req: any, id: FeatureId): boolean {
  const mode = modeAt(shim, req, id);
  if (mode === 'warn') shim.warn(id);
  return mode !== 'off' && plan(shim, id) === 'emulate';
}

/**
 * For an API the major removed: throws the TypeError Express would, naming the key that brings it back, when the
 * feature is off for this request (vue compat's `assertCompatEnabled`).
 */
export function assertCompat(shim: Shim, req: any, id: FeatureId, api: string): void {
  const mode = modeAt(shim, req, id);
  if (mode === 'off') {
    throw new TypeError(
      `${api}: removed in Express 5, and straddle's express/${id} is off here. ` +
        `Set features['${id}'] to 'warn' or 'on' to bring it back.`,
    );
  }
  if (mode === 'warn') shim.warn(id);
}

/** Defines an own method the way Express assigns its own: writable, enumerable, configurable. */
export function defineMethod(target: object, name: string, fn: Function): void {
  Object.defineProperty(target, name, { value: fn, configurable: true, enumerable: true, writable: true });
}

/** Replaces a method with `make(native)`, unless the feature is skipped on this major. */
export function override(
  target: Record<string, any>,
  shim: Shim,
  id: FeatureId,
  name: string,
  make: (native: Function) => Function,
): void {
  if (plan(shim, id) !== 'skip') defineMethod(target, name, make(target[name]));
}

/**
 * Brings back a method Express 5 removed: on 5 it runs `impl` (or throws a clear error where the feature is off for
 * the request); on 4, in `warn` mode, it reports the call and runs the native method.
 *
 * @param api how the error and docs name the method, e.g. `req.param`
 * @param requestOf the request the call belongs to, for per-router modes
 */
export function restoreMethod(
  target: Record<string, any>,
  shim: Shim,
  id: FeatureId,
  name: string,
  api: string,
  impl: Function,
  requestOf: (self: any) => unknown = (self) => self,
): void {
  const how = plan(shim, id);
  if (how === 'skip') return;
  const native = target[name];
  defineMethod(target, name, function restored(this: unknown) {
    if (how === 'detect') {
      compat(shim, requestOf(this), id);
      return native.apply(this, arguments);
    }
    assertCompat(shim, requestOf(this), id, api);
    return impl.apply(this, arguments);
  });
}
