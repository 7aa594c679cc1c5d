/**
 * Which receivers the Fastify facts prove, and how surely. In each snippet a marker comment (an `x` between comment
 * delimiters) stands before an expression; the test lists the role the facts give each such expression (`instance`,
 * `request`, `reply`, with `?` for low confidence, `-` for none). Precision first: a name alone never makes a
 * high-confidence role, and objects of other libraries get none.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/authoring.ts';
import { FastifyFacts } from './_facts.ts';

/** Each expression of `code` after a marker comment, and the role the facts give it: `instance`, `request?` (low), `-`. */
function roles(code: string, fileName = 'app.js'): string[] {
  const sourceFile = parseSource(fileName, code);
  const facts = new FastifyFacts(sourceFile);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const marked = node.pos < node.getStart(sourceFile) && code.slice(0, node.getStart(sourceFile)).trimEnd().endsWith('/*x*/');
    if (marked && ts.isExpression(node) && (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isCallExpression(node))) {
      const info = facts.roleOf(node);
      found.push(`${node.getText(sourceFile)}: ${info ? `${info.role}${info.confidence === 'low' ? '?' : ''}` : '-'}`);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

describe('fastify facts', () => {
  it('instances: the factory by every import form, inline require, and a local factory returning one', () => {
    expect(roles(`
      const Fastify = require('fastify');
      const { fastify: make } = require('fastify');
      const a = Fastify(), b = make({ logger: true }), c = require('fastify')(), d = require('fastify').fastify();
      function build() { const app = Fastify(); return app; }
      const e = build();
      let f;
      f = Fastify();
      /*x*/a; /*x*/b; /*x*/c; /*x*/d; /*x*/e; /*x*/f;
    `)).toEqual(['a: instance', 'b: instance', 'c: instance', 'd: instance', 'e: instance', 'f: instance']);
    expect(roles(`
      import Fastify, { fastify } from 'fastify';
      import * as F from 'fastify';
      const a = Fastify(), b = fastify(), c = F.fastify(), d = F.default();
      /*x*/a; /*x*/b; /*x*/c; /*x*/d;
    `, 'app.ts')).toEqual(['a: instance', 'b: instance', 'c: instance', 'd: instance']);
  });

  it('plugins: registered on an instance, wrapped by fastify-plugin, typed, or nested in another plugin', () => {
    expect(roles(`
      const Fastify = require('fastify');
      const fp = require('fastify-plugin');
      async function outer(fastify) {
        fastify.register(async (inner) => { /*x*/inner.get('/', h); });
        /*x*/fastify;
      }
      module.exports.wrapped = fp(async function (app, opts) { /*x*/app; });
      Fastify().register(outer).register(function (child, opts, done) { /*x*/child; done(); });
    `)).toEqual(['inner.get(\'/\', h): instance', 'fastify: instance', 'app: instance', 'child: instance']);
    expect(roles(`
      import type { FastifyPluginAsync, FastifyInstance } from 'fastify';
      export const routes: FastifyPluginAsync = async (server) => { /*x*/server; };
      export function more(app: FastifyInstance) { /*x*/app; }
    `, 'routes.ts')).toEqual(['server: instance', 'app: instance']);
  });

  it('handlers and hooks: shorthands with and without options, route(), addHook, error and not-found handlers', () => {
    const found = roles(`
      const app = require('fastify')();
      app.get('/a', (q1, r1) => { /*x*/q1; /*x*/r1; });
      app.post('/b', { preHandler: [(q2, r2, done) => { /*x*/r2; }] }, async function (q3, r3) { /*x*/q3; });
      app.route({ method: 'GET', url: '/c', handler(q4, r4) { /*x*/r4; }, onSend: hook });
      function hook(q5, r5, payload, done) { /*x*/r5; }
      app.addHook('onRequest', async (q6, r6) => { /*x*/r6.request; /*x*/r6.code(200); /*x*/q6.server; });
      app.addHook('onRoute', (routeOptions) => { /*x*/routeOptions; });
      app.setErrorHandler((error, q7, r7) => { /*x*/error; /*x*/q7; /*x*/r7; });
      app.setNotFoundHandler((q8, r8) => { /*x*/r8; });
      const handlers = { list: async (q9, r9) => { /*x*/r9; } };
      app.get('/d', handlers.list);
    `);
    expect(found).toEqual([
      'q1: request', 'r1: reply', 'r2: reply', 'q3: request', 'r4: reply', 'r5: reply',
      'r6.request: request', 'r6.code(200): reply', 'q6.server: instance', 'routeOptions: -',
      'error: -', 'q7: request', 'r7: reply', 'r8: reply', 'r9: reply',
    ]);
  });

  it('typed values count wherever they are; `app.get(setting)` with one argument registers nothing', () => {
    expect(roles(`
      import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
      export function send(reply: FastifyReply, request: FastifyRequest<{ Params: { id: string } }>) { /*x*/reply; /*x*/request; }
      const app = Fastify();
      /*x*/app.get('/x');
    `, 'send.ts')).toEqual(['reply: reply', 'request: request', "app.get('/x'): -"]);
  });

  it('names alone give low confidence: a handler-shaped function, a plugin-shaped one, an app from a relative module', () => {
    expect(roles(`
      const app = require('./app');
      import server from './server';
      const build = require('./build');
      import { createServer } from '../lib/server';
      module.exports = async function (request, reply) { /*x*/request; /*x*/reply; };
      exports.plugin = async function (fastify, opts) { /*x*/fastify; };
      async function main() {
        const instance = await createServer({ logger: true });
        const cache = build();
        /*x*/instance; /*x*/cache;
      }
      /*x*/app; /*x*/server;
    `)).toEqual(['request: request?', 'reply: reply?', 'fastify: instance?', 'instance: instance?', 'cache: -', 'app: instance?', 'server: instance?']);
  });

  it('other libraries and other shapes get nothing', () => {
    expect(roles(`
      const express = require('express');
      const http = require('http');
      const web = express();
      web.get('/', (req, res) => { /*x*/req; /*x*/res; });
      const server = http.createServer();
      const app = require('koa')();
      function handle(req, res) { /*x*/req; }
      const client = { reply() {} };
      /*x*/web; /*x*/server; /*x*/app; /*x*/client;
    `)).toEqual(['req: -', 'res: -', 'req: -', 'web: -', 'server: -', 'app: -', 'client: -']);
  });

  it('a shadowing local is not the import', () => {
    expect(roles(`
      const Fastify = require('fastify');
      function make(Fastify) { const app = Fastify(); /*x*/app; }
      const real = Fastify();
      /*x*/real;
    `)).toEqual(['app: -', 'real: instance']);
  });
});
