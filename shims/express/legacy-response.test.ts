import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { join, relative } from 'node:path';
import { appOf, ask, describeFeature, errorsAsJson, MAJORS, type FeatureCase, type Reply } from './_testing.ts';

const file = /legacy-response\.test\.ts$/;
const json = ['content-type'];

// Status codes held in variables are the case no codemod can see (rows 12–16).
const cases: FeatureCase[] = [
  { name: 'res.send(status) with the status in a variable', id: 'res-send-status', file, headers: json,
    register: (app) => app.get('/gone', (_req: any, res: any) => { const code = 404; res.send(code); }),
    requests: ['/gone'] },
  { name: 'res.send(status, body)', id: 'res-send-status', file, headers: json,
    register: (app) => app.post('/items', (_req: any, res: any) => res.send(201, { id: 7 })),
    requests: [{ path: '/items', method: 'POST' }] },
  { name: 'res.send(body, status)', id: 'res-send-status', file, headers: json,
    register: (app) => app.get('/teapot', (_req: any, res: any) => res.send('short and stout', 418)),
    requests: ['/teapot'] },
  { name: 'res.json(obj, status)', id: 'res-json-status', file, headers: json,
    register: (app) => app.get('/created', (_req: any, res: any) => res.json({ ok: true }, 201)),
    requests: ['/created'] },
  { name: 'res.json(status, obj)', id: 'res-json-status', file, headers: json,
    register: (app) => app.get('/missing', (_req: any, res: any) => res.json(404, { error: 'no such user' })),
    requests: ['/missing'] },
  { name: 'res.jsonp(obj, status) with a callback', id: 'res-json-status', file, headers: json,
    register: (app) => app.get('/p', (_req: any, res: any) => res.jsonp({ n: 1 }, 202)),
    requests: ['/p?callback=cb'] },
  { name: 'res.redirect(url, status)', id: 'res-redirect-status', file, headers: ['location'],
    register: (app) => app.get('/old', (_req: any, res: any) => { const permanent = 301; res.redirect('/new', permanent); }),
    requests: ['/old'] },
  { name: "res.redirect('back') with and without a Referrer", id: 'redirect-back', file, headers: ['location'],
    register: (app) => app.post('/vote', (_req: any, res: any) => res.redirect('back')),
    requests: [{ path: '/vote', method: 'POST', headers: { referer: 'http://127.0.0.1/poll/3' } }, { path: '/vote', method: 'POST' }] },
  { name: "res.location('back')", id: 'redirect-back', file, headers: ['location'],
    register: (app) => app.get('/loc', (_req: any, res: any) => res.location('back').end()),
    requests: [{ path: '/loc', headers: { referer: '/from' } }] },
  { name: 'res.status() with a string code from config', id: 'res-status-invalid', file, headers: json,
    register: (app) => app.get('/cfg', (_req: any, res: any) => { const config = { created: '201' }; res.status(config.created).json({ ok: 1 }); }),
    requests: ['/cfg'] },
  { name: 'res.status() with a non-integer', id: 'res-status-invalid', file, headers: json,
    register: (app) => app.get('/float', (_req: any, res: any) => res.status(202.5).send('accepted')),
    requests: ['/float'] },
];
for (const c of cases) describeFeature(c);

// A file relative to the working directory, as apps written for Express 4 passed to res.sendfile: inside it (a path
// with `..` is refused with 403 by Express 4, which the shim must keep, see /up), and under no dot-directory (which
// Express 5's send would hide, row 49). A PDF, because text types differ in charset casing between majors (row 51).
const dir = mkdtempSync(join(process.cwd(), 'straddle-test-sendfile-'));
writeFileSync(join(dir, 'report.pdf'), 'remember the milk\n');
const rel = relative(process.cwd(), join(dir, 'report.pdf'));
// `from` / `root` is dir/files; dir/secret.pdf sits outside it and must never be served through it
const files = join(dir, 'files');
mkdirSync(files);
writeFileSync(join(files, 'report.pdf'), 'remember the milk\n');
writeFileSync(join(files, '.notes.pdf'), 'private notes\n');
writeFileSync(join(dir, 'secret.pdf'), 'the secret\n');
const secret = join(dir, 'secret.pdf');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeFeature({
  name: 'res.sendfile(relative path) and with a callback', id: 'res-sendfile', file, headers: ['content-type', 'content-length'],
  register: (app) => {
    app.get('/notes', (_req: any, res: any) => res.sendfile(rel));
    app.get('/cb', (_req: any, res: any) => res.sendfile(rel, (err: any) => { if (err) res.status(500).end(); }));
    app.get('/none', (_req: any, res: any) => res.sendfile(`${rel}.missing`));
    app.get('/up', (_req: any, res: any) => res.sendfile(`${rel}/../report.pdf`));
    // send 0.19 took `from` as the root: names resolve under it, `..` answers 403
    app.get('/from/:name', (req: any, res: any) => res.sendfile(req.params.name, { from: files }));
    app.get('/from-abs', (_req: any, res: any) => res.sendfile(secret, { from: files }));
  },
  requests: ['/notes', '/cb', '/none', '/notes', '/up', '/from/report.pdf', '/from/..%2Fsecret.pdf', '/from-abs'],
  sites: 6,
});

// Express 5 ignores `from`: an absolute name is served wherever it points (Express 4: under `from`, so 404 here).
describeFeature({
  name: 'res.sendFile(absolute name, { from }) and res.download(…, { from }) stay under from', id: 'static-hidden-option', file,
  headers: ['content-type', 'content-length'],
  register: (app) => {
    app.use('/files', (req: any, res: any) => res.sendFile(decodeURIComponent(req.path), { from: files }));
    app.get('/download', (_req: any, res: any) => res.download(secret, 'secret.pdf', { from: files }));
    // a relative name with `from` throws on both majors: left to Express
    app.get('/relative', (_req: any, res: any) => res.sendFile('report.pdf', { from: files }));
  },
  requests: ['/files/report.pdf', `/files${secret}`, '/files/..%2Fsecret.pdf', '/download', '/relative'],
  sites: 2,
});

describe('static-hidden-option: never serves outside from', () => {
  const register = (app: any) => {
    app.use('/files', (req: any, res: any) => res.sendFile(decodeURIComponent(req.path), { from: files }));
    app.get('/download', (_req: any, res: any) => res.download(secret, 'secret.pdf', { from: files }));
    app.get('/legacy', (_req: any, res: any) => res.sendfile(secret, { from: files }));
    app.use(errorsAsJson);
  };
  const outside = [`/files${secret}`, '/download', '/legacy', '/files/..%2Fsecret.pdf'];
  const served = (replies: Reply[]) => replies.filter((r) => r.body === 'the secret\n').length;

  it.each(MAJORS)('with the shim (default modes) on %i: 403 or 404, never the file', async (major) => {
    const { app } = appOf(major);
    register(app);
    expect(served(await ask(app, outside))).toBe(0);
    expect((await ask(app, ['/files/report.pdf']))[0]!.status).toBe(200);
  });

  it('without it, Express 5 serves the file (the hole the feature closes)', async () => {
    const { app } = appOf(5, null);
    register(app);
    expect(served(await ask(app, outside.slice(0, 2)))).toBe(2);
  });
});

describeFeature({
  name: 'res.sendFile(dotfile, { hidden: true })', id: 'static-hidden-option', file, headers: ['content-type', 'content-length'],
  register: (app) => app.get('/notes', (_req: any, res: any) => res.sendFile(join(files, '.notes.pdf'), { hidden: true })),
  requests: ['/notes'],
});
