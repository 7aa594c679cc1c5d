/**
 * The vendored Fastify shim as `upgrade` writes it into a project: the built file itself under a header, found from
 * CommonJS and ES modules of a `"type": "module"` project, and typed for TypeScript's node10 and nodenext resolution.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { isShimSpecifier, VENDOR_DIR, vendorFiles } from './_vendor.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const project = mkdtempSync(path.join(tmpdir(), 'straddle-fastify-vendor-'));
writeFileSync(path.join(project, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
mkdirSync(path.join(project, VENDOR_DIR));
for (const [name, text] of Object.entries(vendorFiles())) writeFileSync(path.join(project, VENDOR_DIR, name), text);

describe('the vendored Fastify shim', () => {
  it('is the built file under a header, with its types and a CommonJS package.json', () => {
    const files = vendorFiles();
    expect(Object.keys(files).sort()).toEqual(['index.d.ts', 'index.js', 'package.json']);
    expect(files['index.js']!.endsWith(readFileSync(path.join(ROOT, 'dist/shims/fastify.cjs'), 'utf8'))).toBe(true);
    expect(files['index.js']).toMatch(/^\/\* eslint-disable \*\/\n.*\n\/\/ @ts-nocheck\n/);
    expect(JSON.parse(files['package.json']!)).toMatchObject({ type: 'commonjs', main: 'index.js', types: 'index.d.ts' });
    // nothing but Node's own modules: it is written into projects that install nothing for it
    expect([...files['index.js']!.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).filter((id) => !/^(node:)?(fs|module|path|url)$/.test(id))).toEqual([]);
  });

  it('is found from CommonJS and ES modules of a "type": "module" project, as one module', () => {
    writeFileSync(path.join(project, 'probe.cjs'), `module.exports = require('./${VENDOR_DIR}/index.js');\n`);
    writeFileSync(
      path.join(project, 'probe.mjs'),
      `import { straddle, dualPlugin } from './${VENDOR_DIR}/index.js';\nimport { createRequire } from 'node:module';\n` +
        `const cjs = createRequire(import.meta.url)('./probe.cjs');\nconsole.log(JSON.stringify([typeof straddle, typeof dualPlugin, cjs.straddle === straddle]));\n`,
    );
    expect(JSON.parse(execFileSync('node', ['probe.mjs'], { cwd: project, encoding: 'utf8' }))).toEqual(['function', 'function', true]);
  });

  it.each([
    ['node10', ts.ModuleKind.CommonJS, ts.ModuleResolutionKind.Node10, 'probe.ts'],
    ['nodenext', ts.ModuleKind.NodeNext, ts.ModuleResolutionKind.NodeNext, 'probe.mts'],
  ])('type-checks for TypeScript %s resolution', (_name, module, moduleResolution, file) => {
    const source = `import { straddle, fastifyOptions, dualPlugin, type Mode } from './${VENDOR_DIR}/index.js';
const mode: Mode = 'warn';
const app = straddle({ answer: 42 }, { features: { 'json-shorthand': mode } });
const answer: number = app.answer;
const options: { logger: boolean } = fastifyOptions(() => undefined, { logger: true });
export const plugin = dualPlugin(async () => undefined, { name: 'p' });
export { answer, options };
`;
    writeFileSync(path.join(project, file), source);
    const program = ts.createProgram([path.join(project, file)], { module, moduleResolution, strict: true, noEmit: true, types: [], skipLibCheck: false });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });

  it('knows the specifiers of its own wiring', () => {
    expect(['straddle/fastify', `./${VENDOR_DIR}/index.js`, `../../${VENDOR_DIR}/index.js`].every(isShimSpecifier)).toBe(true);
    expect(['straddle/express', 'fastify', './straddle-express/index.js'].some(isShimSpecifier)).toBe(false);
  });
});
