import { describe, expect, it } from 'vitest';
import { appOf, ask, describeFeature } from './_testing.ts';

const file = /request-parsing\.test\.ts$/;
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describeFeature({
  name: 'a sanitizer assigns req.query, a handler coerces a field', id: 'req-query-assign', file, sites: 2,
  headers: ['content-type'],
  register: (app) => {
    app.use((req: any, _res: any, next: any) => {
      req.query = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v).trim()]));
      next();
    });
    app.get('/search', (req: any, res: any) => {
      req.query.page = Number(req.query.page ?? 1);
      res.json({ q: req.query.q, page: req.query.page, same: req.query === req.query });
    });
  },
  requests: ['/search?q=%20shoes%20&page=2', '/search?q=hats'],
});

describeFeature({
  name: 'bracket keys and long arrays in the query string', id: 'query-parser-extended', file,
  headers: ['content-type'],
  register: (app) => {
    app.get('/filter', (req: any, res: any) => res.json(req.query));
  },
  requests: ['/filter?price[min]=10&price[max]=20&tags[]=a&tags[]=b', '/filter?a[0]=x&a[21]=y', '/filter?plain=1'],
});

describeFeature({
  name: 'req.body after express.json() on a GET and on a mismatched content type', id: 'req-body-undefined', file,
  headers: ['content-type'],
  register: (app, express) => {
    app.use(express.json());
    app.all('/echo', (req: any, res: any) => res.json({ type: typeof req.body, body: req.body ?? null }));
  },
  requests: [
    '/echo',
    { path: '/echo', method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' },
    { path: '/echo', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' },
  ],
});

describeFeature({
  name: 'express.urlencoded() without extended, bracket keys in a form', id: 'urlencoded-extended', file,
  headers: ['content-type'],
  register: (app, express) => {
    // the Express 4 default this app relied on: `extended` not given
    app.post('/signup', express.urlencoded({} as any), (req: any, res: any) => res.json(req.body));
  },
  requests: [
    { path: '/signup', method: 'POST', headers: form, body: 'user[name]=ada&user[langs][]=en&user[langs][]=fr&ok=1' },
    { path: '/signup', method: 'POST', headers: form, body: 'flat=1&flat=2' },
  ],
});

describe('request semantics are opt-in', () => {
  it("the global default does not turn them on: 'on' for everything still parses like Express 5", async () => {
    const { app, express } = appOf(5, { default: 'on' });
    app.post('/f', express.urlencoded({ extended: false }), (req: any, res: any) => res.json({ q: req.query, b: req.body ?? null }));
    const [reply] = await ask(app, [{ path: '/f?a[b]=1', method: 'POST' }]);
    expect(JSON.parse(reply.body)).toEqual({ q: { 'a[b]': '1' }, b: null });
  });

  it('a router can turn req.query assignment off for its requests only', async () => {
    const { app, express } = appOf(5, { features: { 'req-query-assign': 'on' } });
    const { straddle } = await import('./straddle.ts');
    const strict = straddle(express.Router(), { features: { 'req-query-assign': 'off' } });
    const assign = (req: any, res: any) => {
      req.query = { replaced: 'yes' };
      res.json(req.query);
    };
    strict.get('/q', assign);
    app.use('/strict', strict);
    app.get('/q', assign);
    const [inside, outside] = await ask(app, ['/strict/q?a=1', '/q?a=1']);
    expect([JSON.parse(inside.body), JSON.parse(outside.body)]).toEqual([{ a: '1' }, { replaced: 'yes' }]);
  });
});
