/**
 * static-hidden-option beyond its fixture pairs: why `hidden: false` is reported and not rewritten (row 47). On real
 * Express 4 and 5, over HTTP: send 0.19 with `hidden: false` checks only the last path segment, so Express 4 serves
 * `/.well-known/…` and hides `/.env`; `dotfiles: 'ignore'` (what the rule used to write) checks every segment and
 * hides both on Express 4 too, and no `dotfiles` value gives Express 4's answers on Express 5.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRule } from '../../src/testing/rule-tester.ts';
import { answers, loadApp, type BehaviourSpec } from './_testing/behaviour.ts';
import pack from './index.ts';
import rule from './static-hidden-option.ts';

const FILE = path.resolve(import.meta.dirname, '../../fixtures/express/static-hidden-option/hidden-false.js');

/** The same options (`hidden: false`, …) given to `express.static()` and to `res.sendFile()`; both reach send. */
const appWith = (options: string) => `const path = require('path');
const express = require('express');

const app = express();
const dir = path.join(__dirname, 'public');
app.use('/static', express.static(dir, { ${options} }));
app.use('/send', (req, res) => {
  res.sendFile(req.path, { root: dir, ${options} }, (err) => {
    if (err) res.sendStatus(err.status || 500);
  });
});

module.exports = app;
`;

const spec: BehaviourSpec = {
  requests: ['/static', '/send'].flatMap((mount) => ['/.well-known/contact.pdf', '/.env', '/guide.pdf'].map((p) => ({ path: mount + p }))),
};
const on = (major: 4 | 5, options: string) => answers(loadApp(appWith(options), FILE, major), spec);
const statuses = (replies: { status: number }[]) => replies.map((r) => r.status);

describe("static-hidden-option: `hidden: false` has no form that answers the same on both majors", () => {
  const input = appWith('hidden: false');

  it('is reported and left as it is, so Express 4 answers as before', async () => {
    const result = applyRule(pack, rule, FILE, input);
    expect(result.output).toBeUndefined();
    expect(result.findings.map((f) => [f.messageId, f.fixed])).toEqual([['hiddenFalse', false], ['hiddenFalse', false]]);
    // Express 4: files inside a dot-directory are served, dotfiles are not
    expect(statuses(await on(4, 'hidden: false'))).toEqual([200, 404, 200, 200, 404, 200]);
  });

  it("`dotfiles: 'ignore'` would change Express 4: it hides /.well-known/ too", async () => {
    expect(statuses(await on(4, "dotfiles: 'ignore'"))).toEqual([404, 404, 200, 404, 404, 200]);
  });

  it('no spelling answers on Express 5 what `hidden: false` answers on Express 4', async () => {
    const reference = await on(4, 'hidden: false');
    for (const candidate of ['hidden: false', '', "dotfiles: 'ignore'", "dotfiles: 'allow'", "dotfiles: 'deny'"]) {
      expect(await on(5, candidate), candidate).not.toEqual(reference);
    }
  });

  it("`hidden: true` → `dotfiles: 'allow'` answers /.well-known/ and /.env the same on 4 before and after, and on 4 and 5 after", async () => {
    const output = applyRule(pack, rule, FILE, appWith('hidden: true')).output;
    expect(output).toBe(appWith("dotfiles: 'allow'"));
    const before = await on(4, 'hidden: true');
    expect(statuses(before)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await on(4, "dotfiles: 'allow'")).toEqual(before);
    expect(await on(5, "dotfiles: 'allow'")).toEqual(before);
  });
});
