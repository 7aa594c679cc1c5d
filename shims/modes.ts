/**
 * @module modes
 * The modes every pack's straddle() takes, in Vue compat's terms, and their checking: framework-neutral, each pack's
 * `_shim.ts` resolves them against its own feature table (opt-in features, per-router overrides).
 */

/** `off`: the major's own behaviour; `warn`: the shim acts and warns once per call site; `on`: it acts silently. */
export type Mode = 'off' | 'warn' | 'on';

export interface ModeOptions<FeatureId extends string> {
  /** Mode of every feature not listed in `features`. Default `warn`. */
  default?: Mode;
  /** Per-feature modes, keyed by feature id. */
  features?: Partial<Record<FeatureId, Mode>>;
}

const MODES: readonly Mode[] = ['off', 'warn', 'on'];

export function assertMode(mode: unknown, key: string): asserts mode is Mode {
  if (!MODES.includes(mode as Mode)) {
    throw new TypeError(`straddle: ${key} must be 'off', 'warn' or 'on', got ${JSON.stringify(mode)}.`);
  }
}

/**
 * The options' default and per-feature modes, checked against the pack's table `flags` (ids listed as `ids`): an
 * invalid mode throws with the key to fix, an unknown id is reported and ignored.
 */
export function checkedModes<FeatureId extends string>(
  options: ModeOptions<FeatureId>,
  flags: Readonly<Record<FeatureId, unknown>>,
  ids: readonly FeatureId[],
): { fallback: Mode; features: Partial<Record<FeatureId, Mode>> } {
  const fallback = options.default ?? 'warn';
  assertMode(fallback, 'default');
  const features = options.features ?? {};
  for (const [id, mode] of Object.entries(features)) {
    if (!(id in flags)) {
      process.emitWarning(`straddle: unknown feature id "${id}" ignored. Known ids: ${ids.join(', ')}.`);
    } else assertMode(mode, `features['${id}']`);
  }
  return { fallback, features };
}
