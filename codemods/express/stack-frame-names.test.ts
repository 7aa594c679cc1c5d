/**
 * stack-frame-names on real stacks: the fixture's path checks run against errors thrown inside a real handler of real
 * Express 4 and 5, installed as an app has them (`node_modules/express`, and on 5 `node_modules/router`), not under
 * this repo's `express4`/`express5` aliases, whose paths no check written for `express/lib/router` would match.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTwice } from '../../src/testing/rule-tester.ts';
import { REPO_ROOT } from '../../src/matrix/_test-support.ts';
import pack from './index.ts';
import rule from './stack-frame-names.ts';

const FIXTURE = path.join(REPO_ROOT, 'fixtures/express/stack-frame-names/paths.input.js');

// Throws inside a route handler and asks the fixture's predicates about the error and the handler's call sites.
const PROBE = `
const express = require('express');
const lib = require('./lib.js');
Error.stackTraceLimit = Infinity;
const app = express();
app.get('/orders/:id', function loadOrder() {
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = (_, sites) => sites;
  const sites = new Error().stack;
  Error.prepareStackTrace = prepare;
  const err = new Error('no such order');
  err.sites = sites;
  throw err;
});
app.use((err, req, res, next) => {
  const outside = lib.outsideExpress(err.sites.slice(1));
  res.json({
    insideHandler: lib.insideHandler(err),
    handlerInternal: lib.isInternal(err.sites[0]),
    callerInternal: lib.isInternal(err.sites[1]),
    outside: outside ? outside.getFunctionName() + ' ' + outside.getFileName() : null,
  });
});
const server = app.listen(0, '127.0.0.1', async () => {
  const res = await fetch('http://127.0.0.1:' + server.address().port + '/orders/7');
  console.log(await res.text());
  server.close();
});
`;

/** A project whose `node_modules/express` is a real directory holding that major (the rest links to ours). */
function projectWith(major: 4 | 5): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `straddle-stack-${major}-`));
  const modules = path.join(REPO_ROOT, 'node_modules');
  cpSync(path.join(modules, `express${major}`), path.join(dir, 'node_modules/express'), { recursive: true, dereference: true });
  for (const name of readdirSync(modules)) {
    if (name !== 'express' && !name.startsWith('.')) symlinkSync(path.join(modules, name), path.join(dir, 'node_modules', name));
  }
  writeFileSync(path.join(dir, 'probe.js'), PROBE);
  return dir;
}

function probe(dir: string, lib: string): Record<string, unknown> {
  writeFileSync(path.join(dir, 'lib.js'), lib);
  return JSON.parse(execFileSync(process.execPath, ['probe.js'], { cwd: dir, encoding: 'utf8', timeout: 20_000 }));
}

describe('stack-frame-names on real Express 4 and 5 stacks', () => {
  const input = readFileSync(FIXTURE, 'utf8');
  const output = runTwice(pack, rule, FIXTURE, input, {}).output;
  let on4: string;
  let on5: string;
  beforeAll(() => {
    [on4, on5] = [projectWith(4), projectWith(5)];
  });
  afterAll(() => {
    for (const dir of [on4, on5]) rmSync(dir, { recursive: true, force: true });
  });

  it('the checks as written see the router on Express 4 only', () => {
    const before4 = probe(on4, input);
    expect(before4).toMatchObject({ insideHandler: true, handlerInternal: false, callerInternal: true });
    expect(before4.outside).toMatch(/^\S+ node:/);
    const before5 = probe(on5, input);
    // the first frame "outside Express" is the router package's own layer
    expect(before5).toMatchObject({ insideHandler: false, callerInternal: false, outside: expect.stringMatching(/^handleRequest .*node_modules\/router\/lib\/layer\.js$/) });
  });

  it('rewritten, they answer on Express 5 as they did on 4', () => {
    const before4 = probe(on4, input);
    expect(probe(on4, output)).toEqual(before4);
    expect(probe(on5, output)).toEqual(before4);
  });
});
