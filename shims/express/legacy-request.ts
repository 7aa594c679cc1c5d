/**
 * @module legacy-request
 * Express 4 request methods on Express 5 (rows 4, 6), installed on the app's own `app.request`.
 */
import { restoreMethod, type Shim } from './_shim.ts';

type Req = Record<string, any>;

export function installLegacyRequest(proto: Req, shim: Shim): void {
  const param = function param(this: Req, name: string, defaultValue?: unknown) {
    // Express 4's lookup order and tests: params (own), then body, then query, then the default
    const params = this.params || {};
    const body = this.body || {};
    const query = this.query || {};
    if (params[name] != null && Object.prototype.hasOwnProperty.call(params, name)) return params[name];
    if (body[name] != null) return body[name];
    if (query[name] != null) return query[name];
    return defaultValue;
  };
  restoreMethod(proto, shim, 'req-param', 'param', 'req.param', param);
  for (const kind of ['Charset', 'Encoding', 'Language']) {
    const name = `accepts${kind}`;
    restoreMethod(proto, shim, 'req-accepts-singular', name, `req.${name}`, function accepts(this: Req) {
      return this[`accepts${kind}s`].apply(this, arguments);
    });
  }
}
