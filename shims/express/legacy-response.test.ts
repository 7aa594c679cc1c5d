import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import { join, relative } from 'node:path';
import { describeFeature, type FeatureCase } from './_testing.ts';

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
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeFeature({
  name: 'res.sendfile(relative path) and with a callback', id: 'res-sendfile', file, headers: ['content-type', 'content-length'],
  register: (app) => {
    app.get('/notes', (_req: any, res: any) => res.sendfile(rel));
    app.get('/cb', (_req: any, res: any) => res.sendfile(rel, (err: any) => { if (err) res.status(500).end(); }));
    app.get('/none', (_req: any, res: any) => res.sendfile(`${rel}.missing`));
    app.get('/up', (_req: any, res: any) => res.sendfile(`${rel}/../report.pdf`));
  },
  requests: ['/notes', '/cb', '/none', '/notes', '/up'],
  sites: 4,
});
