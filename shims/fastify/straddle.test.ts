import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { straddle } from './straddle.ts';
import { fastifyMajor, fastifyVersion } from './major.ts';
import { ask, fastifyOf, MAJORS } from './_testing.ts';

describe('straddle(instance)', () => {
  it.each(MAJORS)('reads the major from an instance, a request and a reply of %i, and nothing else', async (major) => {
    const app = fastifyOf(major)();
    app.get('/', async (request: any, reply: any) => [fastifyMajor(request), fastifyMajor(reply), fastifyVersion(request)]);
    expect((await ask(app, '/')).body).toEqual([major, major, app.version]);
    expect([fastifyMajor(app), fastifyMajor({ version: '4.0.0' }), fastifyMajor(null), fastifyMajor(() => undefined)]).toEqual([major, undefined, undefined, undefined]);
  });

  it('refuses a second call on the same instance, and unknown modes', () => {
    const app = straddle(fastifyOf(5)(), { report: false });
    expect(() => straddle(app)).toThrow(/already straddled/);
    expect(() => straddle(fastifyOf(5)(), { default: 'loud' as any })).toThrow("straddle: default must be 'off', 'warn' or 'on', got \"loud\".");
    expect(() => straddle(fastifyOf(5)(), { features: { 'request-connection': true as any } })).toThrow(/features\['request-connection'\] must be/);
  });

  it('ignores unknown feature ids with a process warning that lists the known ones', () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      straddle(fastifyOf(5)(), { report: false, onWarning: () => undefined, features: { 'app-del': 'on' } as any });
      expect(emit).toHaveBeenCalledWith(expect.stringMatching(/unknown feature id "app-del" ignored\. Known ids: request-route-props, /));
    } finally {
      emit.mockRestore();
    }
  });

  it('appends each first warning to the report file as a JSON line the upgrade loop reads, and prints it by default', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'straddle-fastify-report-')), 'report.jsonl');
    const printed = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const app = straddle(fastifyOf(5)(), { report });
      app.get('/', async (request: any) => request.connection.remoteAddress);
      await ask(app, '/');
      await ask(app, '/');
      const lines = readFileSync(report, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
      // one site read by two requests: one line
      expect(lines).toEqual([{ id: 'fastify/request-connection', message: expect.stringMatching(/^request\.connection is undefined/), site: { file: import.meta.filename, line: expect.any(Number), column: expect.any(Number) }, major: 5, time: expect.any(String) }]);
      expect(printed).toHaveBeenCalledTimes(1);
      expect(printed.mock.calls[0]![0]).toMatch(/^\(straddle fastify\/request-connection\) /);
    } finally {
      printed.mockRestore();
    }
  });
});
