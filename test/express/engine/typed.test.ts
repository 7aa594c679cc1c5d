/**
 * The typed pass settles what one file's syntax cannot: an app imported from another module, a status code whose
 * type is declared elsewhere. Without it those sites are reported with low confidence and left alone.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pack from '../../../codemods/express/index.ts';
import { runPack } from '../../../src/engine/run.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'straddle-typed-'));
  mkdirSync(path.join(dir, 'node_modules'));
  // @types/express (Express 4's types) as the project would have installed them
  symlinkSync(path.join(ROOT, 'node_modules/@types'), path.join(dir, 'node_modules/@types'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const files = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', esModuleInterop: true, noEmit: true }, include: ['src'] }),
  'src/app.ts': "import express from 'express';\n\nexport const app = express();\n",
  'src/status.ts': 'export function statusFor(found: boolean): number {\n  return found ? 200 : 404;\n}\n',
  'src/routes.ts': `import { app } from './app';
import { statusFor } from './status';

app.del('/items/:id', (req, res) => {
  const code = statusFor(false);
  res.send(code);
});
`,
};

describe('the typed pass', () => {
  it('proves an imported app and a number-typed status, so both are rewritten', async () => {
    const dir = project(files);
    const report = await runPack(pack, { cwd: dir, fix: true, jobs: 0 });
    expect(readFileSync(path.join(dir, 'src/routes.ts'), 'utf8')).toBe(`import { app } from './app';
import { statusFor } from './status';

app.delete('/items/:id', (req, res) => {
  const code = statusFor(false);
  res.sendStatus(code);
});
`);
    expect(report.typed?.files).toBe(1);
    expect(report.findings.filter((f) => f.file === 'src/routes.ts').map((f) => [f.ruleId, f.fixed])).toEqual([
      ['app-del', true],
      ['res-send-status', true],
    ]);
  });

  it('without it, the imported app is only a name: reported, not rewritten', async () => {
    const dir = project(files);
    const report = await runPack(pack, { cwd: dir, fix: true, jobs: 0, types: false });
    expect(readFileSync(path.join(dir, 'src/routes.ts'), 'utf8')).toBe(files['src/routes.ts']);
    expect(report.findings.find((f) => f.ruleId === 'app-del')).toMatchObject({ confidence: 'low', fixed: false });
  });
});
