/**
 * @module legacy-response
 * Express 4 response signatures on Express 5 (rows 5, 12–18, 47–48): numeric and swapped status arguments, `'back'`,
 * lenient `res.status()`, `res.sendfile()`, the `from` / `hidden` options of `res.sendFile()`. Installed on the app's own `app.response`, never on express.response.
 * Each wrapper tests its arguments first and calls the native method straight away for current-form calls.
 */
import { STATUS_CODES } from 'node:http';
import { isAbsolute } from 'node:path';
import { compat, override, restoreMethod, type Shim } from './_shim.ts';

type Res = Record<string, any>;

export function installLegacyResponse(proto: Res, shim: Shim): void {
  sendStatus(proto, shim);
  jsonStatus(proto, shim, 'json');
  jsonStatus(proto, shim, 'jsonp');
  redirectStatus(proto, shim);
  redirectBack(proto, shim);
  statusInvalid(proto, shim);
  sendfile(proto, shim);
  sendFileOptions(proto, shim);
}

/** `res.send(404)`, `res.send(201, body)`, `res.send(body, 201)` (rows 12, 13), with Express 4's rules. */
function sendStatus(proto: Res, shim: Shim): void {
  override(proto, shim, 'res-send-status', 'send', (native) => function send(this: Res, body: unknown) {
    const n = arguments.length;
    if (n === 1 ? typeof body !== 'number' : n !== 2 || !hasNumber(body, arguments[1])) {
      return native.apply(this, arguments);
    }
    if (!compat(shim, this.req, 'res-send-status')) return native.apply(this, arguments);
    if (n === 1) {
      if (!this.get('Content-Type')) this.type('txt');
      this.statusCode = body;
      return native.call(this, STATUS_CODES[body as number]);
    }
    const [status, payload] = statusFirst(body, arguments[1]);
    this.statusCode = status;
    return native.call(this, payload);
  });
}

/** `res.json(obj, 201)`, `res.json(201, obj)` and the same for jsonp (rows 14, 15). */
function jsonStatus(proto: Res, shim: Shim, method: 'json' | 'jsonp'): void {
  override(proto, shim, 'res-json-status', method, (native) => function json(this: Res, obj: unknown) {
    if (arguments.length !== 2 || !hasNumber(obj, arguments[1]) || !compat(shim, this.req, 'res-json-status')) {
      return native.apply(this, arguments);
    }
    // Express 4 took the second argument as the status whenever it was a number
    const [status, payload] = typeof arguments[1] === 'number' ? [arguments[1], obj] : [obj, arguments[1]];
    this.statusCode = status;
    return native.call(this, payload);
  });
}

/** `res.redirect(url, status)` (row 16). */
function redirectStatus(proto: Res, shim: Shim): void {
  override(proto, shim, 'res-redirect-status', 'redirect', (native) => function redirect(this: Res, url: unknown) {
    if (arguments.length !== 2 || typeof url === 'number' || !compat(shim, this.req, 'res-redirect-status')) {
      return native.apply(this, arguments);
    }
    return native.call(this, arguments[1], url);
  });
}

/** `'back'` in `res.location()`, and so in `res.redirect()` which calls it on both majors (row 17). */
function redirectBack(proto: Res, shim: Shim): void {
  override(proto, shim, 'redirect-back', 'location', (native) => function location(this: Res, url: unknown) {
    if (url !== 'back' || !compat(shim, this.req, 'redirect-back')) return native.apply(this, arguments);
    return native.call(this, this.req.get('Referrer') || '/');
  });
}

/** `res.status('201')`, `res.status(200.5)` (row 18): Express 4 stored them and Node coerced them when writing. */
function statusInvalid(proto: Res, shim: Shim): void {
  override(proto, shim, 'res-status-invalid', 'status', (native) => function status(this: Res, code: any) {
    if (Number.isInteger(code) || !isLenientStatus(code) || !compat(shim, this.req, 'res-status-invalid')) {
      return native.apply(this, arguments);
    }
    this.statusCode = code;
    return this;
  });
}

/**
 * `res.sendfile(path[, options][, callback])` (row 5): relative paths resolve from the working directory. They are
 * prefixed, not joined and not given as `root`: send then sees any `..` and refuses it with 403, as Express 4 did.
 */
function sendfile(proto: Res, shim: Shim): void {
  const impl = function sendfile(this: Res, path: string, options?: any, callback?: any) {
    const done = typeof options === 'function' ? options : callback;
    // `from` is sendfile's root too (send 0.19), relative path or not
    const opts = typeof options === 'object' && options !== null ? express4Options(options, true) : {};
    const absolute = isAbsolute(path) || opts.root ? path : `${process.cwd()}/${path}`;
    return this.sendFile(absolute, opts, done);
  };
  restoreMethod(proto, shim, 'res-sendfile', 'sendfile', 'res.sendfile', impl, (res: Res) => res.req);
}

/**
 * `res.sendFile(path, { from })` and `{ hidden: true }` (rows 47, 48), which send 1 ignores. Express 4 took `from` as
 * the root when `root` is unset, so an absolute path resolved under it (`..`: 403); Express 5 serves that path
 * anywhere on disk. A relative path with `from` threw on Express 4 and still throws. `res.download()` comes through
 * here: it calls `this.sendFile` on both majors.
 */
function sendFileOptions(proto: Res, shim: Shim): void {
  override(proto, shim, 'static-hidden-option', 'sendFile', (native) => function sendFile(this: Res, path: unknown, options?: any) {
    const fromAsRoot = typeof path === 'string' && isAbsolute(path);
    if (!hasLegacyOptions(options, fromAsRoot) || !compat(shim, this.req, 'static-hidden-option')) return native.apply(this, arguments);
    const args = Array.from(arguments);
    args[1] = express4Options(options, fromAsRoot);
    return native.apply(this, args);
  });
}

// --- internal ---

/** Options Express 4 honoured and Express 5 ignores: `from` without `root`, a truthy `hidden` without `dotfiles`. */
function hasLegacyOptions(options: any, fromAsRoot: boolean): boolean {
  if (typeof options !== 'object' || options === null) return false;
  return (fromAsRoot && !options.root && !!options.from) || (!!options.hidden && options.dotfiles === undefined);
}

/**
 * Express 4's reading of send options, for Express 5: `from` becomes `root`, `hidden: true` becomes
 * `dotfiles: 'allow'` (send 0.19 then allowed every path). Inherits from the caller's object, which may itself
 * inherit (`res.download` passes `Object.create(options)`), and leaves it unchanged.
 */
function express4Options(options: any, fromAsRoot: boolean): any {
  const opts = Object.create(options);
  if (fromAsRoot && !options.root && options.from) opts.root = String(options.from);
  if (options.hidden && options.dotfiles === undefined) opts.dotfiles = 'allow';
  return opts;
}

function hasNumber(a: unknown, b: unknown): boolean {
  return typeof a === 'number' || typeof b === 'number';
}

/** Express 4's reading of a two-argument send: `(body, status)` only when the first is not a number. */
function statusFirst(a: unknown, b: unknown): [unknown, unknown] {
  return typeof a !== 'number' && typeof b === 'number' ? [b, a] : [a, b];
}

/** The values Express 4 accepted with a deprecation and Express 5 rejects: strings and non-integers in range. */
function isLenientStatus(code: any): boolean {
  return (typeof code === 'string' || Math.floor(code) !== code) && code > 99 && code < 1000;
}
