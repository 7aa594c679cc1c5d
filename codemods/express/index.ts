/**
 * @module codemods/express
 * The Express 4 → 5 pack: one rule per file, registered here (a test checks that every rule file is listed).
 */
import { definePack } from '../../src/authoring.ts';
import { ExpressFacts } from './_facts.ts';
import { explainReplay, routes } from './_replay.ts';
import { docsUrl, rowUrl } from './_rule.ts';
import { SHIM_MODULE, unwireShim, wireShim } from './_shim-wiring.ts';
import { helperFiles, SHIM_PACKAGE, VENDOR_DIR, vendorFiles } from './_vendor.ts';
import { FEATURE_IDS } from '../../shims/express/flags.ts';
import appDel from './app-del.ts';
import routePath from './route-path.ts';
import debugNamespace from './debug-namespace.ts';
import dependencyMajors from './dependency-majors.ts';
import typescriptMajor from './typescript-major.ts';
import nodeEngines from './node-engines.ts';
import appParamColon from './app-param-colon.ts';
import resSendStatus from './res-send-status.ts';
import routerParamArray from './router-param-array.ts';
import resJsonStatus from './res-json-status.ts';
import resRedirectStatus from './res-redirect-status.ts';
import redirectBack from './redirect-back.ts';
import urlencodedExtended from './urlencoded-extended.ts';
import reqParam from './req-param.ts';
import bodyParserCombined from './body-parser-combined.ts';
import resSendfile from './res-sendfile.ts';
import queryParserExtended from './query-parser-extended.ts';
import reqAcceptsSingular from './req-accepts-singular.ts';
import hasOwnProperty from './has-own-property.ts';
import resStatusInvalid from './res-status-invalid.ts';
import appListenCallback from './app-listen-callback.ts';
import reqHost from './req-host.ts';
import reqIpOptional from './req-ip-optional.ts';
import reqBodyUndefined from './req-body-undefined.ts';
import resVaryEmpty from './res-vary-empty.ts';
import clearCookieMaxAge from './clear-cookie-max-age.ts';
import asyncHandler from './async-handler.ts';
import redirectUrlUndefined from './redirect-url-undefined.ts';
import sendTypedArray from './send-typed-array.ts';
import reqQueryAssign from './req-query-assign.ts';
import appRouterInternals from './app-router-internals.ts';
import appRouterAccess from './app-router-access.ts';
import routerLibRequire from './router-lib-require.ts';
import awaitThenableDirective from './await-thenable-directive.ts';
import staticDotfiles from './static-dotfiles.ts';
import staticHiddenOption from './static-hidden-option.ts';
import expressQueryMiddleware from './express-query-middleware.ts';
import expressStaticMime from './express-static-mime.ts';
import appParamFn from './app-param-fn.ts';
import express3Middleware from './express-3-middleware.ts';
import sendfileDotDirectory from './sendfile-dot-directory.ts';
import sendfileEtag from './sendfile-etag.ts';
import renderCallbackSync from './render-callback-sync.ts';
import mimeJavascript from './mime-javascript.ts';
import headerFormat from './header-format.ts';
import stackFrameNames from './stack-frame-names.ts';

export const rules = [appDel, routePath, appParamColon, resSendStatus, routerParamArray, resJsonStatus, resRedirectStatus, redirectBack, urlencodedExtended, reqParam, bodyParserCombined, resSendfile, queryParserExtended, reqAcceptsSingular, hasOwnProperty, resStatusInvalid, appListenCallback, reqHost, reqIpOptional, reqBodyUndefined, resVaryEmpty, clearCookieMaxAge, asyncHandler, redirectUrlUndefined, sendTypedArray, reqQueryAssign, appRouterAccess, appRouterInternals, routerLibRequire, awaitThenableDirective, staticDotfiles, staticHiddenOption, expressQueryMiddleware, expressStaticMime, appParamFn, express3Middleware, sendfileDotDirectory, sendfileEtag, renderCallbackSync, mimeJavascript, headerFormat, stackFrameNames];

export default definePack({
  id: 'express',
  title: 'Express 4 → 5',
  framework: 'Express',
  packageName: 'express',
  versions: { old: '4', new: '5' },
  typesPackage: '@types/express',
  shim: { module: SHIM_MODULE, package: SHIM_PACKAGE, vendorDir: VENDOR_DIR, vendorFiles, helpers: helperFiles, wire: wireShim, unwire: unwireShim, prefilter: ['express'], features: FEATURE_IDS },
  docsUrl,
  rowUrl,
  rules,
  // every rule needs an Express object (imported from express, an app or router, a handler's req) or one of the
  // middleware packages Express 4 bundled used on its own. Not `res` alone: fetch callbacks are full of it, and a
  // function with only a `res` parameter is not recognised as a handler anyway.
  prefilter: /\b(?:express|_?req|request|app|router|serveStatic|bodyParser)\b|serve-static|body-parser/,
  projectRules: [nodeEngines, dependencyMajors, typescriptMajor, debugNamespace],
  analyze: (sourceFile, _options, checker) => new ExpressFacts(sourceFile, checker),
  explainReplay,
  routes,
});
