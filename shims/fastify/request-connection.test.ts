import { describe, expect, it } from 'vitest';
import { appOf, ask, fastifyOf, lineOf, MAJORS, sitesIn } from './_testing.ts';

const file = /request-connection\.test\.ts$/;

function register(app: any) {
  app.get('/c', async (request: any) => {
    const connection = request.connection;
    return { same: connection === request.socket, address: connection.remoteAddress };
  });
  return app;
}

describe('request-connection', () => {
  it('Fastify 5 lost request.connection (the premise): dereferencing it fails the request', async () => {
    const answer = await ask(register(appOf(fastifyOf(5), false).app), '/c');
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ message: expect.stringMatching(/undefined \(reading 'remoteAddress'\)/) });
  });

  it.each(MAJORS)('is the request socket on %i, as Fastify 4 has it natively', async (major) => {
    const { app, warnings } = appOf(fastifyOf(major));
    const answer = await ask(register(app), '/c');
    const native = await ask(register(appOf(fastifyOf(4), false).app), '/c');
    expect(answer).toEqual(native);
    expect(answer.body).toEqual({ same: true, address: '127.0.0.1' });
    expect(sitesIn(warnings, file)).toEqual(major === 5 ? [`request-connection@${lineOf(import.meta.filename, '= request.connection')}`] : []);
  });

  it("is absent in mode 'off'", async () => {
    const { app } = appOf(fastifyOf(5), { features: { 'request-connection': 'off' } });
    expect((await ask(register(app), '/c')).status).toBe(500);
  });
});
