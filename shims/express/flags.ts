/**
 * @module flags
 * The one table of shim features. Each id is also the id of the codemod rule that fixes the same change, the name of
 * its docs page and the `id` of its warnings (fully qualified as `express/<id>`). What a feature shares with its rule
 * (description, spec rows) lives in the rule's metadata only; this table holds what only the shim needs, and the
 * pack's registry test keeps the ids and the docs pages in step with the rules.
 */
import { docsUrl } from './_docs.ts';

/** What a feature does on the major it acts on. */
export type FlagKind =
  /** an Express 4 API that Express 5 removed: the shim brings it back on 5 */
  | 'removed'
  /** an API whose signature or meaning changed: the shim accepts the old form on 5 */
  | 'changed'
  /** a behaviour that differs between the majors: the shim makes one major behave like the other */
  | 'behavior'
  /** a helper for libraries that serve apps on either major */
  | 'helper';

export interface FlagData {
  /** "What changed. What to do instead." Printed after `(straddle express/<id>)`. */
  message: string;
  kind: FlagKind;
  /** The majors whose behaviour the feature changes (`warn` also reports old-form calls on the other major). */
  majors: readonly (4 | 5)[];
  /**
   * Request-semantics features change what every request sees, so each one is an explicit choice: the global
   * `default` does not turn them on, only `features[id]` does.
   */
  optIn?: true;
  /** Set where the feature cannot give the old behaviour in every case; the docs page explains. */
  limits?: string;
}

export const FLAGS = {
  'async-handler': {
    message:
      'A handler returned a promise that rejected; Express 4 leaves such a request hanging, Express 5 passes the error to next(err). Catch the error and call next(err) yourself.',
    kind: 'behavior',
    majors: [4],
  },
  'app-del': {
    message: 'app.del() was removed in Express 5. Use app.delete() instead.',
    kind: 'removed',
    majors: [5],
  },
  'req-param': {
    message:
      'req.param() was removed in Express 5. Read req.params, req.body or req.query explicitly (Express 4 looked in that order).',
    kind: 'removed',
    majors: [5],
  },
  'res-sendfile': {
    message:
      'res.sendfile() was removed in Express 5. Use res.sendFile() with an absolute path instead (e.g. process.cwd() + "/" + path, which keeps the 403 on "..").',
    kind: 'removed',
    majors: [5],
    limits: 'Paths are sent through res.sendFile(), which encodes "%" and applies the Express 5 dotfiles rules.',
  },
  'req-accepts-singular': {
    message:
      'req.acceptsCharset/acceptsEncoding/acceptsLanguage were removed in Express 5. Use the plural forms (acceptsCharsets, acceptsEncodings, acceptsLanguages) instead.',
    kind: 'removed',
    majors: [5],
  },
  'res-send-status': {
    message:
      'res.send() with a numeric status sends the number as the body in Express 5. Use res.sendStatus(status) or res.status(status).send(body) instead.',
    kind: 'changed',
    majors: [5],
  },
  'res-json-status': {
    message:
      'res.json()/res.jsonp() with a status argument ignore the status in Express 5. Use res.status(status).json(obj) instead.',
    kind: 'changed',
    majors: [5],
  },
  'res-redirect-status': {
    message: 'res.redirect(url, status) fails in Express 5. Use res.redirect(status, url) instead.',
    kind: 'changed',
    majors: [5],
  },
  'redirect-back': {
    message:
      "res.redirect('back') and res.location('back') no longer read the Referrer in Express 5. Use req.get('Referrer') || '/' instead.",
    kind: 'changed',
    majors: [5],
  },
  'res-status-invalid': {
    message:
      'res.status() throws on strings and non-integers in Express 5. Pass an integer, e.g. Number.parseInt(code, 10).',
    kind: 'changed',
    majors: [5],
  },
  'app-param-colon': {
    message:
      "app.param(':name') never runs in Express 5 because the leading colon is no longer stripped. Use app.param('name') instead.",
    kind: 'changed',
    majors: [5],
  },
  'app-param-fn': {
    message:
      'app.param(fn) was removed in Express 5. Register each parameter handler with app.param(name, handler) instead.',
    kind: 'removed',
    majors: [5],
    limits:
      'Only apps and routers passed to straddle() keep their param mappers; on any other Express 5 router param(fn) throws.',
  },
  'req-query-assign': {
    message:
      'req.query is a read-only getter in Express 5, so assignments and changes to it are lost. Store the result elsewhere (e.g. res.locals) instead.',
    kind: 'behavior',
    majors: [5],
    optIn: true,
  },
  'query-parser-extended': {
    message:
      "Express 5 parses query strings with the 'simple' parser, so bracket keys no longer nest. Set app.set('query parser', …) explicitly instead.",
    kind: 'behavior',
    majors: [5],
    optIn: true,
  },
  'req-body-undefined': {
    message:
      'req.body is undefined in Express 5 when a body parser ran but parsed nothing. Use req.body ?? {} instead.',
    kind: 'behavior',
    majors: [5],
    optIn: true,
  },
  'urlencoded-extended': {
    message:
      'express.urlencoded() defaults to extended: false in Express 5, so bracket keys no longer nest. Pass { extended: true } explicitly instead.',
    kind: 'behavior',
    majors: [5],
    optIn: true,
    limits:
      'The flat body is re-parsed with the extended parser, so it also applies to parsers created with an explicit extended: false.',
  },
  'app-router-internals': {
    message:
      'app._router was removed in Express 5. Use routeStack(app) or listRoutes(app) from straddle/express instead.',
    kind: 'helper',
    majors: [5],
    limits: 'Express 5 layers have no regexp/keys; app._router gives the Express 5 router, not an Express 4 one.',
  },
  'static-hidden-option': {
    message:
      "Express 5 ignores the from and hidden options of res.sendFile(), so a path is no longer kept under from. Use root instead of from, and dotfiles: 'allow' instead of hidden: true.",
    kind: 'changed',
    majors: [5],
    limits:
      "Covers res.sendFile() and res.download(); express.static() options are the codemod's. hidden: false has no Express 5 equivalent: files inside dot-directories stay hidden there (row 49).",
  },
  'route-path': {
    message:
      'This route path means something else, or throws, in Express 5. Use the dual-native form that `straddle fix express` writes, or routePath(path).',
    kind: 'changed',
    majors: [5],
    limits: 'Paths the translator reports as unsupported are registered unchanged and warned about.',
  },
} as const satisfies Record<string, FlagData>;

export type FeatureId = keyof typeof FLAGS;

export const FEATURE_IDS = Object.keys(FLAGS) as FeatureId[];

/** The docs page of a feature: its rule's page. */
export function docsLink(id: FeatureId): string {
  return docsUrl(id);
}
