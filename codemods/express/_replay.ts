/**
 * Which Express 4 → 5 change explains a difference `straddle replay` saw between the two majors' answers to one
 * request: the silent changes no test asserts, each recognised by what it does to an answer (proven on real
 * Express 4 and 5 in test/express/replay/replay.test.ts).
 */
import { v4Regexp } from '../../lib/express-paths/_regexp.ts';
import type { PackRoute, ReplayDifference, ReplayExchange } from '../../src/authoring.ts';
import type { ExpressFacts } from './_facts.ts';

type Explanation = { ruleId: string; why: string } | undefined;

const explainers: Array<(d: ReplayDifference, e: ReplayExchange) => Explanation> = [
  // res.send(201): Express 4 sends the status with its reason phrase, 5 sends 200 with the number as its JSON body
  (d, e) =>
    (d.where === 'status' || d.where.startsWith('body')) && e.new.status === 200 && e.new.body.trim() === String(e.old.status) && e.old.body.trim() !== e.new.body.trim()
      ? { ruleId: 'res-send-status', why: `Express 5 answers res.send(${e.old.status}) with 200 and the body "${e.old.status}"` }
      : undefined,
  // res.redirect('back'): Express 4 goes to the Referer (or /), 5 to the relative URL "back"
  (d) =>
    d.where === 'header location' && d.new === 'back' && d.old !== 'back'
      ? { ruleId: 'redirect-back', why: `Express 5 redirects to "back" (the page /back) where Express 4 went to ${d.old || 'the Referer'}` }
      : undefined,
  // ?a[b]=1: Express 4's extended parser nests it, 5's simple parser keeps the key flat
  (d, e) =>
    d.where.startsWith('body') && /[?&][^=&]*(\[|%5B)/i.test(e.request.url)
      ? { ruleId: 'query-parser-extended', why: 'Express 5 parses the query string flat (a[b]=1 is the key "a[b]"), Express 4 nested it' }
      : undefined,
  // express.static and res.sendFile: text/javascript in Express 5's mime table, application/javascript in 4's
  (d) =>
    d.where === 'header content-type' && /^application\/javascript/.test(d.old) && /^text\/javascript/.test(d.new)
      ? { ruleId: 'mime-javascript', why: 'Express 5 serves .js files as text/javascript, Express 4 as application/javascript' }
      : undefined,
  (d) =>
    d.where === 'header content-type' && d.old !== d.new && d.old.toLowerCase() === d.new.toLowerCase()
      ? { ruleId: 'mime-javascript', why: 'Express 5 writes the charset it adds in lower case (charset=utf-8), Express 4 in upper case' }
      : undefined,
  // req.host: the port is kept in Express 5
  (d) =>
    d.old && new RegExp(`^${escape(d.old)}:\\d+$`).test(d.new)
      ? { ruleId: 'req-host', why: 'Express 5 keeps the port in req.host (req.hostname has none on both)' }
      : undefined,
  // a dot-file path under express.static: served by Express 4 (dotfiles not matched in folder names), 404 on 5
  (d, e) =>
    d.where === 'status' && e.new.status === 404 && e.old.status !== 404 && /\/\.[^/]/.test(e.request.url.split('?')[0]!)
      ? { ruleId: 'static-dotfiles', why: 'Express 5 ignores paths through dot-folders in express.static (dotfiles: ignore applies to every segment)' }
      : undefined,
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function explainReplay(difference: ReplayDifference, exchange: ReplayExchange): Explanation {
  for (const explainer of explainers) {
    const explained = explainer(difference, exchange);
    if (explained) return explained;
  }
  return undefined;
}

/**
 * The routes a file registers on an app or a router with a literal path, matched as Express 4 matches them. A
 * router's mount path is in another call, often another file: its routes match at the end of any request path.
 */
export function routes(sourceFile: import('typescript').SourceFile, facts: ExpressFacts): PackRoute[] {
  return facts.registrations.flatMap((registration) => {
    let regexp: RegExp;
    try {
      regexp = v4Regexp(registration.path, { end: true, strict: false, sensitive: false }).regexp;
    } catch {
      return []; // a path Express 4 itself rejects registers nothing
    }
    const method = registration.method === 'all' ? '*' : registration.method === 'del' ? 'DELETE' : registration.method.toUpperCase();
    const mounted = registration.owner === 'router';
    const matches = (pathname: string) => regexp.test(pathname) || (mounted && suffixes(pathname).some((suffix) => regexp.test(suffix)));
    const handlers = registration.handlers.map((node) => ({ start: node.getStart(sourceFile), end: node.end }));
    return handlers.length ? [{ method, label: `${method === '*' ? 'ALL' : method} ${registration.path}`, matches, handlers }] : [];
  });
}

/** `/a/b/c` → `/b/c`, `/c`: where a router mounted at `/a` or `/a/b` sees the request. */
const suffixes = (pathname: string) => [...pathname.matchAll(/(?<=.)\//g)].map((match) => pathname.slice(match.index));
