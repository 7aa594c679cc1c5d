import { describe, expect, it } from 'vitest';
import { BOTH_MAJORS, dualPlugin } from './plugin.ts';
import { ask, fastifyOf, MAJORS } from './_testing.ts';

/** A plugin declared for Fastify 4 only, the way fastify-plugin marks it (Fastify's own `Symbol.for` keys). */
function declaredFor4(fn: Function, name: string) {
  return Object.assign(fn, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
    [Symbol.for('plugin-meta')]: { fastify: '4.x', name },
  });
}

const decorating = () =>
  async function greeter(fastify: any) {
    fastify.decorate('greet', (who: string) => `hello ${who}`);
  };

describe('dualPlugin (plugin-fastify-range)', () => {
  it("Fastify 5 refuses a plugin declaring '4.x' at register (the premise)", async () => {
    const app = fastifyOf(5)();
    app.register(declaredFor4(decorating(), 'greeter'));
    await expect(app.ready()).rejects.toMatchObject({ code: 'FST_ERR_PLUGIN_VERSION_MISMATCH' });
    const on4 = fastifyOf(4)();
    on4.register(declaredFor4(decorating(), 'greeter'));
    await expect(on4.ready()).resolves.toBeDefined();
  });

  it.each(MAJORS)('registers on %i, its decorators reach the instance it is registered on, under its name', async (major) => {
    const plugin = dualPlugin(decorating());
    expect((plugin as any)[Symbol.for('plugin-meta')]).toEqual({ name: 'greeter', fastify: BOTH_MAJORS });
    const app = fastifyOf(major)();
    app.register(plugin);
    app.get('/', async () => app.greet('ada'));
    expect((await ask(app, '/')).body).toBe('hello ada');
    expect(app.printPlugins()).toContain('greeter');
  });

  it.each(MAJORS)('keeps an encapsulated plugin inside its context on %i', async (major) => {
    const app = fastifyOf(major)();
    app.register(dualPlugin(decorating(), { name: 'inner', encapsulate: true }));
    await app.ready();
    expect(app.hasDecorator('greet')).toBe(false);
  });

  it.each(MAJORS)("has Fastify check the plugin's dependencies and range on %i", async (major) => {
    const missing = fastifyOf(major)();
    missing.register(dualPlugin(async () => undefined, { name: 'needy', dependencies: ['auth'] }));
    await expect(missing.ready()).rejects.toThrow(/dependency 'auth'/);
    const narrow = fastifyOf(major)();
    narrow.register(dualPlugin(async () => undefined, { name: 'narrow', fastify: major === 4 ? '5.x' : '4.x' }));
    await expect(narrow.ready()).rejects.toMatchObject({ code: 'FST_ERR_PLUGIN_VERSION_MISMATCH' });
  });

  it('refuses what is not a function', () => {
    expect(() => dualPlugin({} as any)).toThrow(/plugin must be a function, got object/);
  });
});
