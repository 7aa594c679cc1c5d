/**
 * @module plugin
 * Row 3. Fastify checks the `fastify` range a plugin declares when it is registered, and refuses a plugin declaring
 * `4.x` on 5. `dualPlugin` declares a plugin the way fastify-plugin does (Fastify's own `Symbol.for` keys: metadata,
 * display name, no encapsulation), for both majors, so a library that serves apps on either needs no dependency for it.
 */

/** Both majors: what a plugin declares once its tests pass on Fastify 4 and 5. */
export const BOTH_MAJORS = '4.x || 5.x';

export interface PluginMeta {
  /** Shown by `printPlugins()`, in errors, and checked by other plugins' `dependencies`. Default: the function's name. */
  name?: string;
  /** The Fastify range the plugin declares. Default {@link BOTH_MAJORS}. */
  fastify?: string;
  /** Decorators the plugin needs on the instance, request or reply before it runs. */
  decorators?: { fastify?: string[]; request?: string[]; reply?: string[] };
  /** Names of plugins that must be registered first. */
  dependencies?: string[];
  /** Keep the plugin in its own context (its decorators and hooks stay inside). Default false, as fastify-plugin. */
  encapsulate?: boolean;
}

/**
 * Declares `plugin` for Fastify 4 and 5 and returns it: its decorators and hooks reach the instance it is registered
 * on (unless `encapsulate`), and Fastify checks `meta.fastify` (default `'4.x || 5.x'`) at register.
 *
 * @see docs/fastify/shim.md#plugin-fastify-range
 * @example
 * module.exports = dualPlugin(async function auth(fastify) { fastify.decorate('user', null); }, { name: 'auth' });
 */
export function dualPlugin<F extends (...args: any[]) => unknown>(plugin: F, meta: PluginMeta = {}): F {
  if (typeof plugin !== 'function') throw new TypeError(`dualPlugin(plugin): plugin must be a function, got ${typeof plugin}.`);
  const { encapsulate = false, ...declared } = meta;
  const name = declared.name ?? (plugin.name || undefined);
  const target = plugin as unknown as Record<symbol, unknown>;
  target[Symbol.for('plugin-meta')] = { ...declared, name, fastify: declared.fastify ?? BOTH_MAJORS };
  if (name) target[Symbol.for('fastify.display-name')] = name;
  target[Symbol.for('skip-override')] = !encapsulate;
  return plugin;
}
