/**
 * @module codemods/express/_testing/types
 * Type checks a file against the real `@types/express` of each major: 4 as installed, 5 through the
 * `@types/express5` alias. The proof for rules whose break is in the types only, as HTTP cannot show it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const TYPES = {
  4: path.dirname(require.resolve('@types/express/package.json')),
  5: path.dirname(require.resolve('@types/express5/package.json')),
};

/** The type errors in `text` (as the file `fileName`) against the major's types: `line: TS<code> <message>`. */
export function typeErrors(fileName: string, text: string, major: 4 | 5): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    paths: { express: [path.join(TYPES[major], 'index.d.ts')] },
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, version, ...rest) =>
    name === fileName ? ts.createSourceFile(name, text, version) : getSourceFile.call(host, name, version, ...rest);
  host.fileExists = (name) => name === fileName || fileExists.call(host, name);
  host.readFile = (name) => (name === fileName ? text : readFile.call(host, name));
  const program = ts.createProgram([fileName], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === fileName)
    .map((d) => `${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}
