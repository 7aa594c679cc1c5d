/**
 * @module codemods/express/_testing/docs-pages
 * What the registry test reads in the pack's docs (every pack's readers: codemods/_testing/docs-pages.ts), and how an
 * example that is only a handler's body becomes a whole Express file.
 */
export { examples, linkedRows, pageHeader, tableRow, tableRows, type Example, type ExampleLabel, type PageHeader } from '../../_testing/docs-pages.ts';

// A snippet that does not import Express itself runs as the body of a handler of an Express app, which is what its
// `app`, `router`, `req`, `res` and `next` stand for on the page.
const CONTEXT_HEAD = "const express = require('express');\nconst app = express();\nconst router = express.Router();\napp.use((req, res, next) => {\n";
const CONTEXT_TAIL = '});\n';

/** The example as a whole file: as written when it imports Express, else inside a handler of an Express app. */
export function inContext(code: string): string {
  return /require\(['"]express['"]\)|from ['"]express['"]/.test(code) ? code : CONTEXT_HEAD + code + CONTEXT_TAIL;
}

/** The example's part of a file made by {@link inContext} (after a rule ran on it). */
export function outOfContext(code: string, text: string): string {
  if (code === text || !text.startsWith(CONTEXT_HEAD) || !text.endsWith(CONTEXT_TAIL)) return text;
  return text.slice(CONTEXT_HEAD.length, -CONTEXT_TAIL.length);
}
