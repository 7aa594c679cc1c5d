import { describe, expect, it } from 'vitest';
import { fastifyOptions, takesLoggerInstance } from './fastify-options.ts';
import { ask, fastifyOf, MAJORS } from './_testing.ts';

/** A logger instance with pino's methods, recording what it is asked to log. */
function recordingLogger(lines: string[]) {
  const logger: Record<string, unknown> = { level: 'info' };
  for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace']) {
    logger[level] = (...args: unknown[]) => lines.push(`${level}: ${args.map((a) => (typeof a === 'string' ? a : '')).join('').trim()}`);
  }
  logger.child = () => logger;
  return logger;
}

async function logsOf(major: 4 | 5, options: Record<string, unknown>) {
  const lines: string[] = [];
  const logger = recordingLogger(lines);
  const factory = fastifyOf(major);
  const app = factory(fastifyOptions(factory, { [options.key as string]: logger, bodyLimit: 4096 }));
  app.get('/', async (request: any) => {
    request.log.info('in the handler');
    return { bodyLimit: app.initialConfig.bodyLimit };
  });
  const answer = await ask(app, '/');
  return { answer, logged: lines.includes('info: in the handler') };
}

describe('fastifyOptions (logger-instance)', () => {
  it('Fastify 5 throws on an instance as logger, and 4 ignores loggerInstance (the premise)', async () => {
    const lines: string[] = [];
    expect(() => fastifyOf(5)({ logger: recordingLogger(lines) })).toThrow(expect.objectContaining({ code: 'FST_ERR_LOG_INVALID_LOGGER_CONFIG' }));
    const on4 = fastifyOf(4)({ loggerInstance: recordingLogger(lines) });
    on4.get('/', async (request: any) => (request.log.info('in the handler'), 'ok'));
    await ask(on4, '/');
    expect(lines).toEqual([]);
  });

  it('tells the factories apart by what they take', () => {
    expect([takesLoggerInstance(fastifyOf(4)), takesLoggerInstance(fastifyOf(5)), takesLoggerInstance(() => undefined)]).toEqual([false, true, false]);
  });

  it.each(MAJORS.flatMap((major) => [[major, 'logger'], [major, 'loggerInstance']] as const))('on %i, an instance given as %s logs, other options kept', async (major, key) => {
    const { answer, logged } = await logsOf(major, { key });
    expect(answer).toEqual({ status: 200, body: { bodyLimit: 4096 } });
    expect(logged).toBe(true);
  });

  it('passes logger options through, and never changes the object it is given', () => {
    const options = { logger: { level: 'warn' }, bodyLimit: 10 };
    const out = fastifyOptions(fastifyOf(5), options);
    expect(out).toEqual(options);
    expect(out).not.toBe(options);
    const instance = recordingLogger([]);
    const given = { loggerInstance: instance };
    expect(fastifyOptions(fastifyOf(4), given)).toEqual({ logger: instance });
    expect(given).toEqual({ loggerInstance: instance });
  });
});
