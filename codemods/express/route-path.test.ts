/**
 * route-path beyond its fixture pairs (which fixtures.test.ts runs): --target 5 behaviour, rows in messages, low
 * confidence for settings the file does not show, reports for paths that have no dual form.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTwice } from '../../src/testing/rule-tester.ts';
import type { RuleOptions } from '../../src/rule.ts';
import { answers, loadApp, type BehaviourSpec } from './_testing/behaviour.ts';
import pack from './index.ts';
import rule from './route-path.ts';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/express/route-path');
const read = (file: string) => readFileSync(path.join(DIR, file), 'utf8');
const run = (code: string, file = 'app.js', options: Partial<RuleOptions> = {}) =>
  runTwice(pack, rule, path.join(DIR, file), code, options);

describe('route-path --target 5', () => {
  it('gives code that answers on Express 5 as the input did on Express 4', async () => {
    const file = path.join(DIR, 'target-new.input.js');
    const spec: BehaviourSpec = {
      requests: ['/files/a/b.txt', '/files/', '/files/a%20b', '/docs', '/docs/intro', '/orders/12', '/orders/x', '/', '/x/y'].map((p) => ({ path: p })),
    };
    const output = read('target-new.output.js');
    expect(await answers(loadApp(output, file, 5), spec)).toEqual(await answers(loadApp(read('target-new.input.js'), file, 4), spec));
  });
});

describe('route-path findings', () => {
  const app = (route: string) => `const express = require('express');\nconst app = express();\n${route}\n`;

  it('names the first change in the message id, and its row in the message', () => {
    const { findings } = run(app(`app.get('/u/:id?', (req, res) => res.end());\napp.get('/a|b', (req, res) => res.end());`));
    expect(findings.map((f) => f.messageId)).toEqual(['optionalParam', 'matchesDifferently']);
    expect(findings[0].message).toContain('(row 29)');
    expect(findings[0].message).toContain("['/u/:id', '/u']");
  });

  it('leaves a strict-routing-dependent path to --assume-handlers when the setting is not visible', () => {
    const code = app(`app.set('strict routing', flags.strict);\napp.get('/files/*', (req, res) => res.end());`);
    expect(run(code).findings).toMatchObject([{ messageId: 'unnamedWildcard', confidence: 'low', fixed: false, fixable: true }]);
    expect(run(code, 'app.js', { assumeHandlers: true }).output).toContain('/^\\/files\\/(.*)\\/?$/i');
  });

  it('writes the strict form when strict routing is enabled before the route', () => {
    const { output } = run(app(`app.enable('strict routing');\napp.get('/files/*', (req, res) => res.end());`));
    expect(output).toContain('/^\\/files\\/(.*)$/i');
  });

  it('reports, without a fix, a path whose exact regular expression would backtrack polynomially', () => {
    const { findings, output } = run(app(`app.get('/a/*/b/*', (req, res) => res.end());`));
    expect(findings).toMatchObject([{ messageId: 'unnamedWildcard', fixed: false, fixable: false }]);
    expect(findings[0].message).toContain('backtrack');
    expect(output).not.toContain('/^');
  });

  it('keeps a const path that a use() and a verb would need in different forms, and reports both', () => {
    const code = app(`const API = '/api/*';\napp.use(API, (req, res, next) => next());\napp.get(API, (req, res) => res.end());`);
    const { findings, output } = run(code);
    expect(output).toBe(code);
    expect(findings).toMatchObject([{ messageId: 'unnamedWildcard', fixable: false }, { messageId: 'unnamedWildcard', fixable: false }]);
  });

  it('rewrites positional reads for --target 5 and reports handlers out of reach', () => {
    const code = app(`const { show } = require('./files');\napp.get('/files/*', show);`);
    const { findings } = run(code, 'app.js', { target: 'new' });
    expect(findings.map((f) => [f.messageId, f.fixed]).sort()).toEqual([['positionalParam', false], ['unnamedWildcard', true]]);
  });
});
