/**
 * route-path: its fixture pairs run with the rule alone (so they pass or fail on this rule's merits, whatever the
 * rest of the registry does), plus the finding details fixtures do not show: rows in messages, low confidence for
 * settings the file does not show, reports for paths that have no dual form.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTwice } from '../../src/testing/rule-tester.ts';
import type { RuleOptions } from '../../src/rule.ts';
import { answers, compareBehaviour, loadApp, type BehaviourSpec } from './_testing/behaviour.ts';
import { routePathPack } from './_paths/_one-rule-pack.ts';
import rule from './route-path.ts';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/express/route-path');
const read = (file: string) => readFileSync(path.join(DIR, file), 'utf8');
const run = (code: string, file = 'app.js', options: Partial<RuleOptions> = {}) =>
  runTwice(routePathPack, rule, path.join(DIR, file), code, options);

describe('route-path fixtures', () => {
  const inputs = readdirSync(DIR).filter((f) => /\.input\.(js|ts)$/.test(f)).sort();
  it('has JS and TS cases, rewritten and untouched ones', () => {
    const outputs = inputs.filter((f) => existsSync(path.join(DIR, f.replace('.input.', '.output.'))));
    expect(new Set(inputs.map((f) => path.extname(f)))).toEqual(new Set(['.js', '.ts']));
    expect(outputs.length).toBeGreaterThan(5);
    expect(inputs.length - outputs.length).toBeGreaterThan(3);
  });

  for (const file of inputs) {
    const name = file.replace(/\.input\.\w+$/, '');
    const outputFile = file.replace('.input.', '.output.');
    const optionsFile = `${name}.options.json`;
    const input = read(file);
    const options = existsSync(path.join(DIR, optionsFile)) ? JSON.parse(read(optionsFile)) : {};
    const result = run(input, file, options);

    describe(file, () => {
      it('gives the expected output, and the same again on its output', () => {
        expect(result.output).toBe(existsSync(path.join(DIR, outputFile)) ? read(outputFile) : input);
        expect(result.secondOutput).toBe(result.output);
      });
      if (existsSync(path.join(DIR, `${name}.findings.json`))) {
        it('reports exactly the expected findings', () => {
          const actual = result.findings.map((f) => ({ line: f.line, messageId: f.messageId, fixed: f.fixed, confidence: f.confidence }));
          expect(actual).toEqual(JSON.parse(read(`${name}.findings.json`)));
        });
      }
      if (existsSync(path.join(DIR, `${name}.requests.json`))) {
        const spec: BehaviourSpec = { requests: JSON.parse(read(`${name}.requests.json`)) };
        it('answers the same on Express 4 and 5, and as the input did on 4', async () => {
          const behaviour = await compareBehaviour(input, result.output, path.join(DIR, file), spec);
          expect(behaviour.outputOn5).toEqual(behaviour.outputOn4);
          if (!options.target) expect(behaviour.outputOn4).toEqual(behaviour.inputOn4);
        });
        it('fixes something real: the input throws or answers differently on Express 5', async () => {
          const on5 = await (async () => answers(loadApp(input, path.join(DIR, file), 5), spec))().catch((e: Error) => e.message);
          expect(on5).not.toEqual(await answers(loadApp(input, path.join(DIR, file), 4), spec));
        });
      }
    });
  }
});

describe('route-path findings', () => {
  const app = (route: string) => `const express = require('express');\nconst app = express();\n${route}\n`;

  it('names the row of the first change in each message', () => {
    const { findings } = run(app(`app.get('/u/:id?', (req, res) => res.end());\napp.get('/a|b', (req, res) => res.end());`));
    expect(findings.map((f) => f.messageId)).toEqual(['row29', 'row33']);
    expect(findings[0].message).toContain('(row 29)');
    expect(findings[0].message).toContain("['/u/:id', '/u']");
  });

  it('leaves a strict-routing-dependent path to --assume-handlers when the setting is not visible', () => {
    const code = app(`app.set('strict routing', flags.strict);\napp.get('/files/*', (req, res) => res.end());`);
    expect(run(code).findings).toMatchObject([{ messageId: 'row27', confidence: 'low', fixed: false, fixable: true }]);
    expect(run(code, 'app.js', { assumeHandlers: true }).output).toContain('/^\\/files\\/(.*)\\/?$/i');
  });

  it('writes the strict form when strict routing is enabled before the route', () => {
    const { output } = run(app(`app.enable('strict routing');\napp.get('/files/*', (req, res) => res.end());`));
    expect(output).toContain('/^\\/files\\/(.*)$/i');
  });

  it('reports, without a fix, a path whose exact regular expression would backtrack polynomially', () => {
    const { findings, output } = run(app(`app.get('/a/*/b/*', (req, res) => res.end());`));
    expect(findings).toMatchObject([{ messageId: 'row27', fixed: false, fixable: false }]);
    expect(findings[0].message).toContain('backtrack');
    expect(output).not.toContain('/^');
  });

  it('keeps a const path that a use() and a verb would need in different forms, and reports both', () => {
    const code = app(`const API = '/api/*';\napp.use(API, (req, res, next) => next());\napp.get(API, (req, res) => res.end());`);
    const { findings, output } = run(code);
    expect(output).toBe(code);
    expect(findings).toMatchObject([{ messageId: 'row27', fixable: false }, { messageId: 'row27', fixable: false }]);
  });

  it('rewrites positional reads for --target 5 and reports handlers out of reach', () => {
    const code = app(`const { show } = require('./files');\napp.get('/files/*', show);`);
    const { findings } = run(code, 'app.js', { target: 'new' });
    expect(findings.map((f) => [f.messageId, f.fixed]).sort()).toEqual([['positionalParam', false], ['row27', true]]);
  });
});
