/**
 * @module codemods/express/express-3-middleware
 * Row 11: Express 3 bundled Connect's middleware (`express.bodyParser()`, `express.cookieParser()`…). Express 4
 * kept getters that throw a helpful error; Express 5 dropped them, so they are plain `undefined`. Each now lives
 * in its own npm package.
 */
import ts from 'typescript';
import { isModuleExport } from './_facts.ts';
import { createExpressRule } from './_rule.ts';

/** Express 3 middleware → the npm package that replaces it. */
const PACKAGES: Record<string, string> = {
  bodyParser: 'body-parser',
  compress: 'compression',
  cookieParser: 'cookie-parser',
  cookieSession: 'cookie-session',
  csrf: 'csurf',
  directory: 'serve-index',
  errorHandler: 'errorhandler',
  favicon: 'serve-favicon',
  limit: 'raw-body',
  logger: 'morgan',
  methodOverride: 'method-override',
  multipart: 'multer',
  responseTime: 'response-time',
  session: 'express-session',
  staticCache: 'serve-static',
  timeout: 'connect-timeout',
  vhost: 'vhost',
};

export default createExpressRule({
  id: 'express-3-middleware',
  meta: {
    description: 'Report Express 3 bundled middleware such as `express.bodyParser()`',
    rows: [11],
    kind: 'report',
    prefilter: Object.keys(PACKAGES).map((name) => `.${name}`),
    signatures: [/express\.\w+ is not a function/, /no longer bundled with Express/],
    messages: {
      installPackage:
        "`{{text}}` is not part of Express 4 or 5 (Express 4 throws when it is read, Express 5 returns undefined). Install the `{{package}}` package and use it instead: `app.use(require('{{package}}')(…))`.",
    },
  },
  create(context) {
    return {
      PropertyAccessExpression(node: ts.PropertyAccessExpression) {
        const name = node.name.text;
        if (!Object.hasOwn(PACKAGES, name) || !isModuleExport(context.facts, node, ['express'], name)) return;
        context.report({ node, messageId: 'installPackage', data: { text: node.getText(context.sourceFile), package: PACKAGES[name]! } });
      },
    };
  },
});
