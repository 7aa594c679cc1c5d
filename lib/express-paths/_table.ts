/**
 * @module lib/express-paths/_table
 * Test support: route paths as real Express 4 apps write them, with the translation each must get, its spec rows
 * and URLs worth trying. Shared by the table test and the ReDoS test.
 */
import { MOUNT_BEFORE_DOT } from './_regexp.ts';
import type { PathOptions, Translation } from './translate.ts';

export interface TableRow {
  path: string;
  options?: Partial<PathOptions>;
  expected: Translation;
  rows: number[];
  urls: string[];
}

const re = (source: string, flags = 'i', caveat?: string): Translation => ({ kind: 'regexp', source, flags, ...(caveat && { caveat }) });

export const TABLE: TableRow[] = [
  { path: '/api/users/:userId', expected: { kind: 'same' }, rows: [], urls: ['/api/users/42', '/api/users/42/', '/API/users/a%20b', '/api/users'] },
  { path: '/profiles/:user-id', expected: { kind: 'same' }, rows: [], urls: ['/profiles/ada-id', '/profiles/ada'] },
  { path: '/files/report\\(final\\).pdf', expected: { kind: 'same' }, rows: [], urls: ['/files/report(final).pdf'] },
  { path: '*', expected: re('^(.*)\\/?$'), rows: [27, 28], urls: ['/', '/a/b/', '/%E0'] },
  { path: '*', options: { end: false }, expected: re('^(.*)\\/?(?=\\/|$)'), rows: [27, 28], urls: ['/', '/a/b'] },
  { path: '/static/*', expected: re('^\\/static\\/(.*)\\/?$'), rows: [27, 28], urls: ['/static/', '/static/css/app.css', '/static'] },
  { path: '/api/*', options: { end: false }, expected: re('^\\/api\\/(.*)\\/?(?=\\/|$)'), rows: [27, 28], urls: ['/api/v1/users', '/api/', '/api'] },
  // a `|` in a use() path: exact but for the caveat it names (Express 4 also mounts before a `.`); a verb path has none
  {
    path: '/favicon.ico|/robots.txt', options: { end: false }, expected: re('^\\/favicon\\.ico|\\/robots\\.txt\\/?(?=\\/|$)', 'i', MOUNT_BEFORE_DOT),
    rows: [33], urls: ['/favicon.ico', '/robots.txt', '/favicon.ico/x', '/ROBOTS.TXT', '/app/robots.txt', '/other'],
  },
  { path: '/favicon.ico|/robots.txt', expected: re('^\\/favicon\\.ico|\\/robots\\.txt\\/?$'), rows: [33], urls: ['/favicon.ico', '/favicon.ico.bak', '/robots.txt', '/app/robots.txt', '/other'] },
  { path: '/docs/:page?', expected: { kind: 'paths', paths: ['/docs/:page', '/docs'] }, rows: [29], urls: ['/docs', '/docs/', '/docs/intro', '/docs/intro/x'] },
  { path: '/:page?', options: { end: false }, expected: { kind: 'paths', paths: ['/:page', ''] }, rows: [29], urls: ['/', '//', '/home/x'] },
  { path: '/:page?/', options: { strict: true }, expected: { kind: 'paths', paths: ['/:page/', '/'] }, rows: [29], urls: ['/', '//', '/home', '/home/'] },
  { path: '/:page?/', expected: { kind: 'paths', paths: ['/:page/', ''] }, rows: [29], urls: ['/', '//', '/home', '/home/'] },
  { path: '/download/:file.:ext?', expected: re('^\\/download\\/(?<file>[^/]+?)(?:\\.(?<ext>[^/\\.]+?))?\\/?$'), rows: [29], urls: ['/download/a', '/download/a.pdf', '/download/a.tar.gz', '/download/a..'] },
  { path: '/assets/:path+', expected: re('^\\/assets(?:\\/(?<path>[^/]+?))+\\/?$'), rows: [30], urls: ['/assets/a', '/assets/a/b/c', '/assets'] },
  { path: '/orders/:id(\\d+)', expected: re('^\\/orders\\/(?<id>\\d+)\\/?$'), rows: [31], urls: ['/orders/7', '/orders/x', '/orders/7/'] },
  { path: '/orders/:id(\\d+)', options: { strict: true, sensitive: true }, expected: re('^\\/orders\\/(?<id>\\d+)$', ''), rows: [31], urls: ['/orders/7', '/orders/7/', '/ORDERS/7'] },
  { path: '/:lang(en|fr)/about', expected: re('^\\/(?<lang>en|fr)\\/about\\/?$'), rows: [31], urls: ['/en/about', '/FR/about', '/de/about'] },
  { path: '/files/:path(*)', expected: re('^\\/files\\/(?<path>(.*))\\/?$'), rows: [28, 31], urls: ['/files/a/b', '/files/'] },
  { path: '/user(s)?/:id', expected: re('^\\/user(s)?\\/(?<id>[^/]+?)\\/?$'), rows: [31], urls: ['/user/1', '/users/1', '/userss/1'] },
  { path: '/a!b', expected: re('^\\/a!b\\/?$'), rows: [32], urls: ['/a!b', '/ab'] },
  { path: '/ab*cd', expected: re('^\\/ab(.*)cd\\/?$'), rows: [28, 33], urls: ['/abcd', '/abXYcd', '/abXY'] },
  { path: '/:file.:ext', expected: re('^\\/(?<file>[^/]+?)\\.(?<ext>[^/\\.]+?)\\/?$'), rows: [33], urls: ['/a.b', '/a.b.c', '/a..'] },
  { path: '/reports/:year-:month', expected: re('^\\/reports\\/(?<year>[^/]+?)-(?<month>(?:(?!\\/|-).)+?)\\/?$'), rows: [33], urls: ['/reports/2024-05', '/reports/2024-05-01'] },
  { path: '/price$', expected: re('^\\/price$\\/?$'), rows: [33], urls: ['/price', '/price$'] },
  { path: '/rapports/:année', expected: re('^\\/rapports\\/(?<ann>[^/]+?)ée\\/?$'), rows: [34], urls: ['/rapports/1ée', '/rapports/1%C3%A9e', '/rapports/1'] },
  { path: '/a/*/b/*', expected: { kind: 'unsupported', reason: 'its exact Express 4 regular expression backtracks super-linearly (ReDoS)' }, rows: [27, 28], urls: [] },
  { path: '/rank/:1st', expected: { kind: 'unsupported', reason: 'param name ":1st" is not a valid group name' }, rows: [34], urls: [] },
];

