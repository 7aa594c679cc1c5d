/**
 * @module request-parsing
 * Express 4 request semantics on Express 5, each an explicit opt-in (rows 37–43): a writable, stable `req.query`,
 * the Express 4 query parser, `req.body` defaulting to `{}` once a body parser ran, and extended urlencoded bodies.
 */
import { loadQs } from './_qs.ts';
import { modeAt, plan, type Shim } from './_shim.ts';
import { callSite } from './_warn.ts';
import { asWrapperOf, type Handler, type HandlerHook } from './_wrap.ts';

type Target = Record<PropertyKey, any>;

export function installRequestParsing(app: Target, shim: Shim): void {
  if (plan(shim, 'req-query-assign') === 'emulate') writableQuery(app.request, shim);
  if (plan(shim, 'query-parser-extended') === 'emulate') express4QueryParser(app, shim);
}

/** Registration hooks for the body parsers Express ships (body-parser's, recognised by their function names). */
export function parsingHooks(shim: Shim): (HandlerHook | undefined)[] {
  return [bodyDefaultHook(shim), urlencodedExtendedHook(shim)];
}

/**
 * Row 37: Express 5 defines `req.query` as a getter that parses `req.url` on every read. This accessor on the app's
 * request prototype parses once, then stores the result as a writable own property, as Express 4 did.
 */
function writableQuery(proto: Target, shim: Shim): void {
  const parse = inheritedGetter(proto, 'query');
  if (!parse) return;
  Object.defineProperty(proto, 'query', {
    configurable: true,
    enumerable: true,
    get(this: Target) {
      const query = parse.call(this);
      const mode = modeAt(shim, this, 'req-query-assign');
      if (mode !== 'off') ownQuery(this, query, mode === 'warn' && shim);
      return query;
    },
    set(this: Target, value: unknown) {
      const mode = modeAt(shim, this, 'req-query-assign');
      if (mode === 'off') return;
      if (mode === 'warn') shim.warn('req-query-assign');
      ownQuery(this, value, mode === 'warn' && shim);
    },
  });
}

/**
 * A plain own property (Express 4's); in `warn` mode an own accessor instead, so later assignments are reported, and
 * the object is watched so that changes to its members (`req.query.page = 1`, `delete`, `Object.assign`) are too:
 * those are the sites a codemod can fix once the warning names them.
 */
function ownQuery(req: Target, value: unknown, reporter: Shim | false): void {
  if (!reporter) {
    Object.defineProperty(req, 'query', { value, writable: true, configurable: true, enumerable: true });
    return;
  }
  let current = watched(value, reporter);
  Object.defineProperty(req, 'query', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (next: unknown) => {
      reporter.warn('req-query-assign');
      current = watched(next, reporter);
    },
  });
}

function watched(value: unknown, reporter: Shim): unknown {
  if (!value || typeof value !== 'object') return value;
  return new Proxy(value, {
    set(target, key, next, receiver) {
      reporter.warn('req-query-assign');
      return Reflect.set(target, key, next, receiver);
    },
    deleteProperty(target, key) {
      reporter.warn('req-query-assign');
      return Reflect.deleteProperty(target, key);
    },
  });
}

function inheritedGetter(proto: Target, key: string): (() => unknown) | undefined {
  for (let o = proto; o; o = Object.getPrototypeOf(o)) {
    const desc = Object.getOwnPropertyDescriptor(o, key);
    if (desc) return desc.get;
  }
  return undefined;
}

/**
 * Rows 38–39: Express 4's default query parser, `qs` with `allowPrototypes` and `arrayLimit: 1000`. Replaces only
 * the defaults ('simple', or 'extended' which lost its arrayLimit in 5); a parser the app chose stays.
 */
function express4QueryParser(app: Target, shim: Shim): void {
  const current = app.get('query parser');
  if (current !== 'simple' && current !== 'extended') return;
  const qs = loadQs();
  const warn = shim.modes['query-parser-extended'] === 'warn';
  app.set('query parser', function parseLikeExpress4(str: string) {
    // only bracket keys parse differently from Express 5's 'simple' parser
    if (warn && /\[|%5B/i.test(str)) shim.warn('query-parser-extended');
    return qs.parse(str, { allowPrototypes: true, arrayLimit: 1000 });
  });
}

const BODY_PARSERS = new Set(['jsonParser', 'urlencodedParser', 'textParser', 'rawParser']);

/** Row 42: body-parser 1 set `req.body = req.body || {}` before looking at the request; body-parser 2 does not. */
function bodyDefaultHook(shim: Shim): HandlerHook | undefined {
  if (plan(shim, 'req-body-undefined') !== 'emulate') return undefined;
  return (parser) => {
    if (!BODY_PARSERS.has(parser.name)) return parser;
    const site = shim.modes['req-body-undefined'] === 'warn' ? callSite() : undefined;
    return asWrapperOf(function bodyDefault(req: Target, res: unknown, next: (err?: unknown) => void) {
      const mode = modeAt(shim, req, 'req-body-undefined');
      if (req.body !== undefined || mode === 'off') return parser(req, res, next);
      const empty = {};
      req.body = empty;
      if (mode === 'on') return parser(req, res, next);
      return parser(req, res, (err?: unknown) => {
        if (req.body === empty) shim.warn('req-body-undefined', site);
        next(err);
      });
    }, parser);
  };
}

/**
 * Row 43: `express.urlencoded()` without `extended` parses flat on 5. The flat body keeps every key and value, so
 * re-reading it with body-parser 1's extended options gives what Express 4 gave.
 */
function urlencodedExtendedHook(shim: Shim): HandlerHook | undefined {
  if (plan(shim, 'urlencoded-extended') !== 'emulate') return undefined;
  loadQs(); // fail at straddle() time, not on the first request
  return (parser) => {
    if (parser.name !== 'urlencodedParser') return parser;
    const site = shim.modes['urlencoded-extended'] === 'warn' ? callSite() : undefined;
    return asWrapperOf(function urlencodedExtended(req: Target, res: unknown, next: (err?: unknown) => void) {
      const mode = modeAt(shim, req, 'urlencoded-extended');
      if (mode === 'off') return parser(req, res, next);
      const before = req.body;
      return parser(req, res, (err?: unknown) => {
        if (err || req.body === before || !hasBracketKey(req.body)) return next(err);
        if (mode === 'warn') shim.warn('urlencoded-extended', site);
        try {
          req.body = parseExtended(req.body);
          next();
        } catch (error) {
          next(error);
        }
      });
    }, parser as Handler);
  };
}

function hasBracketKey(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Object.keys(body).some((k) => k.includes('['));
}

function parseExtended(flat: Record<string, unknown>): Record<string, unknown> {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(flat)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
    }
  }
  try {
    return loadQs().parse(pairs.join('&'), {
      allowPrototypes: true,
      arrayLimit: Math.max(100, pairs.length),
      depth: 32,
      strictDepth: true,
      parameterLimit: Infinity,
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // body-parser's answer to a body nested deeper than `depth`
    throw Object.assign(new Error('The input exceeded the depth'), {
      status: 400,
      statusCode: 400,
      expose: true,
      type: 'querystring.parse.rangeError',
    });
  }
}
