/**
 * @module fastify-options
 * Row 25. Fastify 4 takes a logger instance (pino or any object with its methods) as `logger`; Fastify 5 takes it only
 * as `loggerInstance` and throws at construction when it comes as `logger`, while every 4.x ignores
 * `loggerInstance` (no logs at all). No single options object serves both, so `fastifyOptions` writes the key the
 * given factory takes.
 */

type Obj = Record<string, any>;

/** The methods Fastify checks a logger instance for. */
const LOGGER_METHODS = ['info', 'error', 'debug', 'fatal', 'warn', 'trace', 'child'];

function isLoggerInstance(value: unknown): boolean {
  return value !== null && typeof value === 'object' && LOGGER_METHODS.every((m) => typeof (value as Obj)[m] === 'function');
}

/**
 * Whether this fastify factory takes `loggerInstance` (Fastify 5): read from the error codes the factory exports,
 * since 5 added the one it throws for both keys at once.
 */
export function takesLoggerInstance(factory: unknown): boolean {
  const codes = (factory as Obj | null)?.errorCodes;
  return !!codes && 'FST_ERR_LOG_LOGGER_AND_LOGGER_INSTANCE_PROVIDED' in codes;
}

/**
 * The factory options with a logger instance under the key this factory takes: `logger` on Fastify 4,
 * `loggerInstance` on 5, whichever of the two the options used. Logger options (`logger: true`, `{ level }`) and
 * everything else pass through unchanged; a new object is returned, `options` is not changed.
 *
 * @see docs/fastify/shim.md#logger-instance
 * @example
 * const app = fastify(fastifyOptions(fastify, { loggerInstance: pino(), trustProxy: true }));
 */
export function fastifyOptions<T extends object>(factory: unknown, options: T): T {
  const { logger, loggerInstance, ...rest } = options as Obj;
  const instance = isLoggerInstance(logger) ? logger : loggerInstance;
  if (instance === undefined) return { ...options };
  const out: Obj = { ...rest };
  if (takesLoggerInstance(factory)) {
    out.loggerInstance = instance;
    // logger options beside an instance in loggerInstance: 5 refuses both keys, as 4 had only one
    if (instance !== logger && logger !== undefined && logger !== false) out.logger = logger;
  } else {
    out.logger = instance;
  }
  return out as T;
}
