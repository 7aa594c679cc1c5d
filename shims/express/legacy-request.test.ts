import { describe, expect, it } from 'vitest';
import { appOf, ask, describeFeature } from './_testing.ts';

const file = /legacy-request\.test\.ts$/;

describeFeature({
  name: 'req.param(name[, default]) looks in params, then body, then query',
  id: 'req-param', file, headers: ['content-type'], sites: 4,
  register: (app, express) => {
    app.post('/users/:id', express.json(), (req: any, res: any) => {
      res.json({ id: req.param('id'), role: req.param('role'), page: req.param('page', '1'), sort: req.param('sort', 'name') });
    });
  },
  requests: [
    { path: '/users/42?role=guest&page=3', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"role":"admin"}' },
    { path: '/users/7', method: 'POST' },
  ],
});

describeFeature({
  name: 'req.acceptsCharset / acceptsEncoding / acceptsLanguage',
  id: 'req-accepts-singular', file, headers: ['content-type'], sites: 3,
  register: (app) => {
    app.get('/neg', (req: any, res: any) => {
      res.json({
        charset: req.acceptsCharset('utf-8', 'latin1'),
        encoding: req.acceptsEncoding('br', 'gzip'),
        language: req.acceptsLanguage('fr', 'en'),
      });
    });
  },
  requests: [
    { path: '/neg', headers: { 'accept-charset': 'latin1', 'accept-encoding': 'gzip', 'accept-language': 'en-GB,en;q=0.8' } },
  ],
});

describe('a removed method switched off inside one router', () => {
  it('throws an error that names the key bringing it back', async () => {
    const { app, express } = appOf(5, { features: { 'req-param': 'on' } });
    const { straddle } = await import('./straddle.ts');
    const admin = straddle(express.Router(), { features: { 'req-param': 'off' } });
    admin.get('/u/:id', (req: any, res: any) => res.send(String(req.param('id'))));
    app.use('/admin', admin);
    app.get('/u/:id', (req: any, res: any) => res.send(String(req.param('id'))));
    app.use((err: any, _req: any, res: any, _next: any) => res.status(500).send(err.message));
    const [inside, outside] = await ask(app, ['/admin/u/1', '/u/2']);
    expect(inside.status).toBe(500);
    expect(inside.body).toContain("req.param: removed in Express 5, and straddle's express/req-param is off here.");
    expect(inside.body).toContain("Set features['req-param'] to 'warn' or 'on'");
    expect(outside.body).toBe('2');
  });
});
