/**
 * @module major
 * Which Fastify an instance, request or reply belongs to, read from the object itself (`instance.version`): a plugin
 * may be handed an instance built by another copy of fastify than the one `require('fastify')` would give it, and
 * the features that fill in what a 4.x minor lacks need the minor as well as the major.
 */

export type Major = 4 | 5;

type Probe = Record<PropertyKey, any>;

/** Whether `target` is a Fastify instance (the root or an encapsulated child of either major). */
export function isFastifyInstance(target: unknown): boolean {
  const obj = target as Probe;
  return (
    obj !== null &&
    typeof obj === 'object' &&
    typeof obj.version === 'string' &&
    typeof obj.decorateRequest === 'function' &&
    typeof obj.addHook === 'function' &&
    typeof obj.register === 'function'
  );
}

/** The version of the Fastify an instance, request or reply belongs to, e.g. `4.29.1`; undefined for anything else. */
export function fastifyVersion(target: unknown): string | undefined {
  if (target === null || typeof target !== 'object') return undefined;
  if (isFastifyInstance(target)) return (target as Probe).version;
  // a request or a reply reaches its instance through `server` on both majors
  let server: unknown;
  try {
    server = (target as Probe).server;
  } catch {
    return undefined;
  }
  return server !== target && isFastifyInstance(server) ? (server as Probe).version : undefined;
}

/**
 * The Fastify major of an instance, request or reply, or `undefined` when the object is none of those.
 *
 * @see docs/fastify/shim.md
 * @example
 * if (fastifyMajor(fastify) === 4) fastify.log.info('running on Fastify 4');
 */
export function fastifyMajor(target: unknown): Major | undefined {
  const major = Number(fastifyVersion(target)?.split('.')[0]);
  return major === 4 || major === 5 ? major : undefined;
}

/** Whether `version` (x.y.z) is `minimum` or later, by number; prerelease tags are ignored. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split(/[.+-]/).slice(0, 3).map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}
