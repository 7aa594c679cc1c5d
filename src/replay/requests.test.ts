import { describe, expect, it } from 'vitest';
import { parseRequests } from './requests.ts';

describe('parseRequests', () => {
  it('reads JSON lines, HAR entries and access-log lines, keeping paths as recorded and no hop-by-hop header', () => {
    const lines = '{"method":"get","url":"/a/../b?x=1","headers":{"Host":"shop.example","Accept":"text/html"}}\n\n{"method":"POST","url":"/c","headers":{},"body":"{}"}\n';
    expect(parseRequests(lines)).toEqual([
      { method: 'GET', url: '/a/../b?x=1', headers: { accept: 'text/html' } },
      { method: 'POST', url: '/c', headers: {}, body: '{}' },
    ]);
    const har = JSON.stringify({ log: { entries: [{ request: { method: 'GET', url: 'https://shop.example/p?q=2', headers: [{ name: 'Accept', value: '*/*' }, { name: 'Connection', value: 'keep-alive' }] } }] } });
    expect(parseRequests(har)).toEqual([{ method: 'GET', url: '/p?q=2', headers: { accept: '*/*' } }]);
    const log = '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif?x=1 HTTP/1.1" 200 2326 "http://ref/" "curl/8"\n';
    expect(parseRequests(log)).toEqual([{ method: 'GET', url: '/a.gif?x=1', headers: {} }]);
  });

  it("reads the recorder's header pairs and a HAR's repeated headers as the app's req.headers had them", () => {
    const pairs = ['Host', 'shop.example', 'Cookie', 'a=1', 'X-Tag', 'a', 'cookie', 'b=2', 'x-tag', 'b', 'User-Agent', 'first', 'User-Agent', 'second', '__proto__', 'odd'];
    const expected = { cookie: 'a=1; b=2', 'x-tag': 'a, b', 'user-agent': 'first', ['__proto__']: 'odd' };
    const [line] = parseRequests(JSON.stringify({ method: 'GET', url: '/', rawHeaders: pairs }));
    expect(Object.entries(line!.headers)).toEqual(Object.entries(expected));
    const har = JSON.stringify({ log: { entries: [{ request: { method: 'GET', url: '/', headers: pairs.flatMap((name, i) => (i % 2 ? [] : [{ name, value: pairs[i + 1] }])) } }] } });
    expect(Object.entries(parseRequests(har)[0]!.headers)).toEqual(Object.entries(expected));
  });

  it('keeps only the path of an absolute URL: a replay never goes to the recorded host', () => {
    expect(parseRequests('{"method":"GET","url":"//evil.example/x"}')[0]!.url).toBe('/x');
    expect(parseRequests('{"method":"GET","url":"http://evil.example/y?z"}')[0]!.url).toBe('/y?z');
  });

  it('names the line that is none of the formats', () => {
    expect(() => parseRequests('{"method":"GET","url":"/"}\nnot a request', 'r.jsonl')).toThrow("r.jsonl:2: neither a JSON line nor an access-log line");
    expect(() => parseRequests('{"method":"GET"}', 'r.jsonl')).toThrow('r.jsonl:1: a request needs a method and a url');
    expect(() => parseRequests('{"method":"GET","url":"ftp://x/y"}')).toThrow("'ftp://x/y' is neither a path nor an HTTP URL");
  });
});
