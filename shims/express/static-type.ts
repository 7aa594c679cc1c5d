/**
 * @module static-type
 * The Content-Type `express.static` sends, the same on Express 4 and 5 (row 51): Express 5's mime database says
 * `text/javascript; charset=utf-8` for `.js`/`.mjs` where Express 4's said `application/javascript; charset=UTF-8`,
 * and writes every charset it adds in lower case. `staticContentType()` is a `setHeaders` option that gives Express 4
 * Express 5's header (the standard one, RFC 9239, and what stays once Express 4 is dropped; on Express 5 it changes
 * nothing). It imports nothing, so it is written next to the file that uses it.
 *
 * Both majors' `send` emit the `setHeaders` hook, then set the Content-Type only when none is set yet: the hook
 * rewrites that one header as it is set, and leaves a type the app set itself alone. Limit: a file whose extension
 * neither database knows gets no Content-Type on Express 4 and `application/octet-stream` on Express 5.
 */

type Response = { getHeader(name: string): unknown; setHeader(name: string, value: unknown): unknown };
type SetHeaders<R, S> = (res: R, path: string, stat: S) => void;

/** The `setHeaders` option for `express.static(dir, { setHeaders: staticContentType(yours) })`. */
export function staticContentType<R extends Response, S>(setHeaders?: SetHeaders<R, S>): SetHeaders<R, S> {
  return function contentTypeAsExpress5(res, path, stat) {
    if (setHeaders) setHeaders(res, path, stat);
    if (res.getHeader('Content-Type')) return; // the app chose it: both majors keep it
    const own = Object.prototype.hasOwnProperty.call(res, 'setHeader');
    const setHeader = res.setHeader;
    res.setHeader = function (this: R, name: string, value: unknown) {
      if (String(name).toLowerCase() === 'content-type') {
        // only send's own call, once: then the response is as it was
        if (own) res.setHeader = setHeader;
        else delete (res as Partial<Response>).setHeader;
        if (typeof value === 'string') value = asExpress5(value);
      }
      return setHeader.call(this, name, value);
    };
  };
}

/** Express 4's type for a file as Express 5 writes it: JavaScript's current name, the charset in lower case. */
export function asExpress5(type: string): string {
  return type
    .replace(/^application\/javascript(?=\s*(?:;|$))/i, 'text/javascript')
    .replace(/;\s*charset=([^;\s]+)/i, (_, charset: string) => `; charset=${charset.toLowerCase()}`);
}
