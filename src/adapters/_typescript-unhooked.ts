/**
 * @module adapters/_typescript-unhooked
 * The TypeScript compiler for the jscodeshift build, loaded past require hooks. jscodeshift's `--babel` (its default)
 * registers @babel/register for every file required after it, node_modules included: through require, the 9 MB
 * compiler took 20 s of Babel (and a "deoptimised the styling" note) in every worker of a first run. It needs no
 * compiling, so it is evaluated as Node's own loader would, with `vm.compileFunction`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import type TypeScript from 'typescript';

const require = createRequire(import.meta.url);
const file = require.resolve('typescript');

function load(): typeof TypeScript {
  // already loaded in this process (a test runner, a pipeline of transforms): the same copy
  const cached = require.cache[file];
  if (cached?.loaded) return cached.exports as typeof TypeScript;
  const module = { exports: {} as typeof TypeScript };
  const compiled = vm.compileFunction(readFileSync(file, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  compiled(module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

const ts = load();
export default ts;
