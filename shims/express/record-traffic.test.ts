import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../src/matrix/_test-support.ts';
import { parseRequests } from '../../src/replay/requests.ts';
import { ask, expressOf, MAJORS, serving } from './_testing.ts';
import { FLUSH_MS, recordTraffic, REDACTED } from './record-traffic.ts';

/** Waits for the recorder's queued appends. */
const settle = () => new Promise((resolve) => setTimeout(resolve, FLUSH_MS * 4));

/**
 * Sends `request` byte for byte (repeated headers, chunked bodies) and resolves with the raw answer; with `hangUp`,
 * closes the connection that many ms after sending instead of waiting for one.
 */
function sendRaw(port: number, request: string, hangUp?: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    if (hangUp !== undefined) setTimeout(() => socket.destroy(), hangUp);
  });
}

describe.each(MAJORS)('recordTraffic on Express %i', (major) => {
  const express = expressOf(major);

  it('records what the app received, redacted, while the app still reads its body', async () => {
    const file = path.join(await tempDir('straddle-record-'), 'requests.jsonl');
    const app = express();
    app.use(recordTraffic({ file }));
    app.use(express.json());
    app.use(express.urlencoded({ extended: false }));
    app.post('/login', (req: any, res: any) => res.json({ user: req.body.user, got: Object.keys(req.body).sort() }));
    app.get('/items', (req: any, res: any) => res.send('items'));
    const replies = await ask(app, [
      { path: '/login', method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer abc' }, body: '{"user":"ada","password":"s3cret","profile":{"token":"t"}}' },
      { path: '/login', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'user=bo&password=pw' },
      { path: '/items?page=2', headers: { cookie: 'sid=1' } },
    ]);
    expect(replies.map((r) => r.body)).toEqual(['{"user":"ada","got":["password","profile","user"]}', '{"user":"bo","got":["password","user"]}', 'items']);
    await settle();
    const recorded = parseRequests(readFileSync(file, 'utf8'));
    expect(recorded.map((r) => [r.method, r.url, r.body ?? null])).toEqual([
      ['POST', '/login', `{"user":"ada","password":"${REDACTED}","profile":{"token":"${REDACTED}"}}`],
      ['POST', '/login', `user=bo&password=${encodeURIComponent(REDACTED)}`],
      ['GET', '/items?page=2', null],
    ]);
    expect(recorded[0]!.headers.authorization).toBe(REDACTED);
    expect(recorded[2]!.headers.cookie).toBe(REDACTED);
    expect(recorded[0]!.headers['content-type']).toBe('application/json');
  });

  it('records a body with nothing to redact as it came, and finds a field however its name is written', async () => {
    const file = path.join(await tempDir('straddle-record-'), 'requests.jsonl');
    const app = express();
    app.use(recordTraffic({ file }));
    app.use(express.json());
    app.use(express.urlencoded({ extended: false }));
    app.post('/orders', (req: any, res: any) => res.json(Object.keys(req.body).sort()));
    const json = { 'content-type': 'application/json' };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const bodies = ['{ "sku": "a-1",\n  "qty": 2 }', '{"\\u0074oken":"t1","sku":"b"}', '{"Secret":"s","sku":"c"}', 'p%61ssword=pw&sku=d', 'sku=e+f&qty=1'];
    const replies = await ask(app, bodies.map((body, i) => ({ path: `/orders?n=${i}`, method: 'POST', headers: i < 3 ? json : form, body })));
    expect(replies.map((r) => JSON.parse(r.body))).toEqual([['qty', 'sku'], ['sku', 'token'], ['Secret', 'sku'], ['password', 'sku'], ['qty', 'sku']]);
    await settle();
    const recorded = parseRequests(readFileSync(file, 'utf8')).sort((a, b) => a.url.localeCompare(b.url));
    expect(recorded.map((r) => r.body)).toEqual([
      bodies[0],
      `{"token":"${REDACTED}","sku":"b"}`,
      `{"Secret":"${REDACTED}","sku":"c"}`,
      `password=${encodeURIComponent(REDACTED)}&sku=d`,
      bodies[4],
    ]);
  });

  it('records every one of many requests at once, one line each, bodies with their request', async () => {
    const file = path.join(await tempDir('straddle-record-'), 'requests.jsonl');
    const app = express();
    app.use(recordTraffic({ file }));
    app.use(express.text());
    app.get('/items/:id', (req: any, res: any) => res.send(req.params.id));
    app.post('/notes', (req: any, res: any) => res.send(`got ${req.body.length}`));
    const paths = Array.from({ length: 40 }, (_, i) => `/items/${i}`);
    const replies = await ask(app, [...paths, { path: '/notes', method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'first line\nsecond line' }]);
    expect(replies.at(-1)!.body).toBe('got 22');
    await settle();
    const recorded = parseRequests(readFileSync(file, 'utf8'));
    expect(recorded.map((r) => r.url).sort()).toEqual([...paths, '/notes'].sort());
    expect(recorded.find((r) => r.method === 'POST')!.body).toBe('first line\nsecond line');
  });

  it("records the headers as the app's req.headers has them, repeated ones included", async () => {
    const file = path.join(await tempDir('straddle-record-'), 'requests.jsonl');
    const app = express();
    app.use(recordTraffic({ file }));
    app.get('/echo', (req: any, res: any) => res.json(req.headers));
    let seen: Record<string, string> = {};
    await serving(app, async (port) => {
      const answer = await sendRaw(port, ['GET /echo?x=1 HTTP/1.1', 'Host: shop.test', 'X-Tag: a', 'x-tag: b', 'Cookie: a=1', 'Cookie: b=2', 'User-Agent: first', 'User-Agent: second', 'Accept: text/html', 'Connection: close', '', ''].join('\r\n'));
      seen = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    });
    await settle();
    const text = readFileSync(file, 'utf8');
    // the line keeps the pairs as they arrived, redacted; replay's reader makes them what the app saw (less host and connection, which replay sets)
    expect(JSON.parse(text.split('\n')[0]!).rawHeaders).toEqual(['Host', 'shop.test', 'X-Tag', 'a', 'x-tag', 'b', 'Cookie', REDACTED, 'Cookie', REDACTED, 'User-Agent', 'first', 'User-Agent', 'second', 'Accept', 'text/html', 'Connection', 'close']);
    expect(seen).toMatchObject({ 'x-tag': 'a, b', cookie: 'a=1; b=2', 'user-agent': 'first' });
    const { host, connection, ...sent } = seen;
    expect({ ...parseRequests(text)[0]!.headers }).toEqual({ ...sent, cookie: `${REDACTED}; ${REDACTED}` });
  });

  it('records a chunked body, and a request whose body the app never read or the client never finished, without it', async () => {
    const file = path.join(await tempDir('straddle-record-'), 'requests.jsonl');
    const app = express();
    app.use(recordTraffic({ file }));
    app.post('/notes', express.text(), (req: any, res: any) => res.send(`got ${req.body}`));
    app.post('/ignored', (req: any, res: any) => res.send('not read'));
    const head = (path: string, framing: string) => [`POST ${path} HTTP/1.1`, 'Host: shop.test', 'Content-Type: text/plain', framing, 'Connection: close', '', ''].join('\r\n');
    await serving(app, async (port) => {
      expect(await sendRaw(port, `${head('/notes', 'Transfer-Encoding: chunked')}5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n`)).toMatch(/got hello world$/);
      expect(await sendRaw(port, `${head('/ignored', 'Content-Length: 9')}some body`)).toMatch(/not read$/);
      // a third of the body, then the client goes: the app never gets the rest
      await sendRaw(port, `${head('/notes', 'Content-Length: 30')}only ten b`, 100);
      await settle();
    });
    const recorded = parseRequests(readFileSync(file, 'utf8'));
    expect(recorded.map((r) => [r.url, r.body ?? null]).sort()).toEqual([
      ['/ignored', null],
      ['/notes', null],
      ['/notes', 'hello world'],
    ]);
  });

  it('records nothing without a file, and only the sampled share with one', async () => {
    const dir = await tempDir('straddle-record-');
    const file = path.join(dir, 'requests.jsonl');
    const app = express();
    app.use(recordTraffic({ file, sample: 0 }));
    app.use(recordTraffic({ file: undefined }));
    app.get('/', (req: any, res: any) => res.send('ok'));
    expect((await ask(app, ['/', '/'])).map((r) => r.body)).toEqual(['ok', 'ok']);
    await settle();
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });
});

describe('recordTraffic when the process ends', () => {
  it('writes what it recorded before the process exits, even at once after the answer', async () => {
    const dir = await tempDir('straddle-record-exit-');
    const file = path.join(dir, 'requests.jsonl');
    const script = path.join(dir, 'serve-once.mts');
    // one request to itself, then process.exit() in the answer's callback: no turn of the event loop is left
    writeFileSync(script, [
      `import { createServer, get } from 'node:http';`,
      `import { createRequire } from 'node:module';`,
      `const express = createRequire(${JSON.stringify(import.meta.filename)})('express4');`,
      `import { recordTraffic } from ${JSON.stringify(path.join(import.meta.dirname, 'record-traffic.ts'))};`,
      `const app = express();`,
      `app.use(recordTraffic({ file: ${JSON.stringify(file)} }));`,
      `app.get('/once', (req, res) => res.send('ok'));`,
      `const server = createServer(app).listen(0, '127.0.0.1', () => {`,
      `  get(\`http://127.0.0.1:\${server.address().port}/once?x=1\`, (res) => res.on('data', () => {}).on('end', () => process.exit(0)));`,
      `});`,
    ].join('\n'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: import.meta.dirname, encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(parseRequests(readFileSync(file, 'utf8')).map((r) => [r.method, r.url])).toEqual([['GET', '/once?x=1']]);
  });
});
