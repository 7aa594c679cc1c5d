import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { appOf, ask } from './_testing.ts';
import { straddle } from './straddle.ts';
import { docsLink } from './flags.ts';

const reportDir = mkdtempSync(join(tmpdir(), 'straddle-report-'));
let reports = 0;
const reportFile = () => join(reportDir, `warnings-${++reports}.jsonl`);
afterAll(() => rmSync(reportDir, { recursive: true, force: true }));

function legacyApp(options: Parameters<typeof straddle>[1]) {
  const { app } = appOf(5, null);
  straddle(app, options);
  app.get('/a', (_req: any, res: any) => res.send(404)); // line 17, column 46: the call site warnings name
  app.get('/b', (_req: any, res: any) => res.send(404));
  return app;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('warnings', () => {
  it('have the fixed form: id, what changed, what to do, call site, docs link', async () => {
    const seen: string[] = [];
    await ask(legacyApp({ onWarning: (w) => seen.push(w.text), report: false }), ['/a']);
    expect(seen).toEqual([
      '(straddle express/res-send-status) res.send() with a numeric status sends the number as the body in Express 5. ' +
        'Use res.sendStatus(status) or res.status(status).send(body) instead.\n' +
        `  at ${import.meta.filename}:17:46\n` +
        `  Details: ${docsLink('res-send-status')}`,
    ]);
  });

  it('are printed once per call site, on the console by default', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await ask(legacyApp({ report: false }), ['/a', '/a', '/b', '/a', '/b']);
    expect(warn.mock.calls.map(([text]) => String(text).split('\n')[1])).toEqual([
      `  at ${import.meta.filename}:17:46`,
      `  at ${import.meta.filename}:18:46`,
    ]);
  });

  it('are appended as JSON lines to the report file, from the option or STRADDLE_REPORT', async () => {
    const [fromOption, fromEnv] = [reportFile(), reportFile()];
    await ask(legacyApp({ onWarning: () => undefined, report: fromOption }), ['/a', '/a']);
    vi.stubEnv('STRADDLE_REPORT', fromEnv);
    await ask(legacyApp({ onWarning: () => undefined }), ['/b']);
    const lines = [fromOption, fromEnv].map((f) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l)));
    expect(lines.map((l) => l.length)).toEqual([1, 1]);
    expect(lines[0][0]).toEqual({
      id: 'express/res-send-status',
      message: expect.stringContaining('res.send() with a numeric status'),
      site: { file: import.meta.filename, line: 17, column: 46 },
      major: 5,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(lines[1][0].site.line).toBe(18);
  });

  it('cost nothing in mode on: no warning, no report', async () => {
    const file = reportFile();
    const seen: unknown[] = [];
    const replies = await ask(legacyApp({ default: 'on', onWarning: (w) => seen.push(w), report: file }), ['/a']);
    expect([replies[0].status, seen.length]).toEqual([404, 0]);
    expect(() => readFileSync(file)).toThrow();
  });
});

describe('options', () => {
  it('reject an invalid mode with the key to fix', () => {
    const { app } = appOf(5, null);
    expect(() => straddle(app, { features: { 'app-del': 'yes' as any } })).toThrow(
      "straddle: features['app-del'] must be 'off', 'warn' or 'on', got \"yes\".",
    );
  });

  it('warn about an unknown feature id', () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { app } = appOf(5, null);
    straddle(app, { features: { 'app-delete': 'on' } as any });
    expect(String(emit.mock.calls[0][0])).toContain('unknown feature id "app-delete"');
  });

  it('straddle() hands back what is not an Express app or router, and refuses a second call', () => {
    const { app } = appOf(4, null);
    straddle(app);
    expect(() => straddle(app)).toThrow('already straddled');
    // a mocked express hands out plain objects and functions: they come back untouched
    const mock = { get: () => {}, listen: () => {} };
    expect(straddle(mock)).toBe(mock);
    expect(Object.getOwnPropertySymbols(mock)).toEqual([]);
    const fn = Object.assign(() => {}, { use: () => {} });
    expect(straddle(fn)).toBe(fn);
  });
});
