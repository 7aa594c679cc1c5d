/**
 * reply-generic-order changes types only, so its proof is `tsc`, not HTTP (the fixtures' requests only show that the
 * output runs alike): each rewritten case of fixtures/fastify/reply-generic-order type-checks, strict, against the
 * real types of Fastify 4 and 5 (the fastify4 / fastify5 devDependencies, mapped to `fastify`), and its input
 * type-checks on 4 and fails on 5.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIR = path.join(ROOT, 'fixtures/fastify/reply-generic-order');

/** The diagnostics of `code`, checked as `fileName` with `fastify` resolving to the given major's types. */
function typeErrors(code: string, fileName: string, major: 4 | 5): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    esModuleInterop: true,
    types: ['node'],
    baseUrl: ROOT,
    paths: { fastify: [`node_modules/fastify${major}`] },
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => (path.resolve(name) === fileName ? ts.createSourceFile(name, code, language, true) : getSourceFile(name, language, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === fileName || fileExists(name);
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(fileName)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const cases = readdirSync(DIR)
  .filter((f) => /\.input\.ts$/.test(f) && existsSync(path.join(DIR, f.replace('.input.', '.output.'))))
  .map((f) => f.replace(/\.input\.ts$/, ''));

describe('reply-generic-order on the real types of Fastify 4 and 5', () => {
  it('has rewritten cases to check', () => expect(cases.length).toBeGreaterThan(0));

  describe.each(cases)('%s', (name) => {
    const fileName = path.join(DIR, `${name}.check.ts`);
    const read = (kind: 'input' | 'output') => readFileSync(path.join(DIR, `${name}.${kind}.ts`), 'utf8');

    it('the output type-checks on Fastify 4 and on Fastify 5', () => {
      expect({ 4: typeErrors(read('output'), fileName, 4), 5: typeErrors(read('output'), fileName, 5) }).toEqual({ 4: [], 5: [] });
    });

    it('the input type-checks on Fastify 4 and fails on Fastify 5', () => {
      expect(typeErrors(read('input'), fileName, 4)).toEqual([]);
      expect(typeErrors(read('input'), fileName, 5).length).toBeGreaterThan(0);
    });
  });
});
