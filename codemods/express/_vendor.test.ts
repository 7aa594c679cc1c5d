/**
 * The vendored shim as the loop writes it into a project: it must load with no install, from CommonJS and from
 * ES modules (also in a `"type": "module"` project), and type-check under every TypeScript module resolution.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../../src/matrix/_test-support.ts';
import { isShimSpecifier, helperFiles, VENDOR_DIR, vendorFiles } from './_vendor.ts';

async function projectWithShim(type: 'commonjs' | 'module'): Promise<string> {
  const dir = await tempDir('straddle-vendored-');
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', type }));
  await mkdir(path.join(dir, 'node_modules'));
  await symlink(path.join(REPO_ROOT, 'node_modules/express4'), path.join(dir, 'node_modules/express'));
  await mkdir(path.join(dir, VENDOR_DIR));
  for (const [name, text] of Object.entries(vendorFiles())) await writeFile(path.join(dir, VENDOR_DIR, name), text);
  await mkdir(path.join(dir, 'src'));
  return dir;
}

const SERVE = `
const app = straddle(express(), { features: { 'async-handler': 'on' } });
app.get('/boom', async () => { throw new Error('boom'); });
app.use((err, req, res, next) => res.status(500).send('caught ' + err.message));
const server = app.listen(0, '127.0.0.1', async () => {
  const res = await fetch('http://127.0.0.1:' + server.address().port + '/boom');
  console.log(res.status, await res.text());
  server.close();
});
`;

describe('the vendored shim', () => {
  it('has no dependency of its own: it requires only Node built-ins', () => {
    const required = [...vendorFiles()['index.js']!.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required.filter((name) => !['fs', 'http', 'module', 'path', 'url'].includes(name!))).toEqual([]);
  });

  it('runs from CommonJS in a CommonJS project, turning async errors into next(err) on Express 4', async () => {
    const dir = await projectWithShim('commonjs');
    await writeFile(path.join(dir, 'src/app.js'), `const express = require('express');\nconst { straddle } = require('../${VENDOR_DIR}/index.js');\n${SERVE}`);
    expect(execFileSync(process.execPath, ['src/app.js'], { cwd: dir, encoding: 'utf8' }).trim()).toBe('500 caught boom');
  });

  it('runs from an ES module in a "type": "module" project', async () => {
    const dir = await projectWithShim('module');
    await writeFile(path.join(dir, 'src/app.js'), `import express from 'express';\nimport { straddle } from '../${VENDOR_DIR}/index.js';\n${SERVE}`);
    expect(execFileSync(process.execPath, ['src/app.js'], { cwd: dir, encoding: 'utf8' }).trim()).toBe('500 caught boom');
  });

  for (const [module, resolution] of [['commonjs', 'node'], ['node16', 'node16'], ['esnext', 'bundler']] as const) {
    it(`type-checks with module ${module}, moduleResolution ${resolution}`, async () => {
      const dir = await projectWithShim(module === 'esnext' ? 'module' : 'commonjs');
      await writeFile(path.join(dir, 'src/app.ts'), `import { straddle } from '../${VENDOR_DIR}/index.js';\nconst wrapped: { get(): void } = straddle({ get() {} }, { features: { 'async-handler': 'warn' } });\nexport default wrapped;\n`);
      const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
      const run = () => execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', module, '--moduleResolution', resolution, 'src/app.ts'], { cwd: dir, encoding: 'utf8' });
      expect(run).not.toThrow();
    });
  }

  it('is recognised by relative path from any folder, and by the package subpath', () => {
    expect(isShimSpecifier(`../${VENDOR_DIR}/index.js`, 'straddle/express')).toBe(true);
    expect(isShimSpecifier(`./${VENDOR_DIR}/index.js`, 'straddle/express')).toBe(true);
    expect(isShimSpecifier('straddle/express', 'straddle/express')).toBe(true);
    expect(isShimSpecifier('@straddle/express', 'straddle/express')).toBe(true);
    expect(isShimSpecifier('@straddle/expressive', 'straddle/express')).toBe(false);
    expect(isShimSpecifier(`${VENDOR_DIR}/index.js`, 'straddle/express')).toBe(false);
    expect(isShimSpecifier('./other/index.js', 'straddle/express')).toBe(false);
  });
});

describe('the vendored route-introspection helper', () => {
  it('imports nothing, and lists the same routes from CommonJS and ES modules on Express 4 and 5', async () => {
    const dir = await tempDir('straddle-list-routes-');
    for (const [name, file] of Object.entries(helperFiles)) {
      const text = file();
      expect(text, name).not.toMatch(/\brequire\(|^\s*import\s|\bimport\(/m);
      await writeFile(path.join(dir, name), text);
    }
    const app = (major: number) =>
      `const express = require(${JSON.stringify(path.join(REPO_ROOT, `node_modules/express${major}`))}); const app = express(); const r = express.Router(); r.get('/:id', () => {}); app.use('/users', r);`;
    const print = "JSON.stringify(listRoutes(app).map((x) => ({ ...x, match: x.match('/users/7') })))";
    const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    const cjs = (major: number) => run(['-e', `${app(major)} const { listRoutes } = require('./straddle-list-routes.cjs'); console.log(${print});`]);
    const esm = (major: number) =>
      run(['--input-type=module', '-e', `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); ${app(major)} const { listRoutes } = await import('./straddle-list-routes.mjs'); console.log(${print});`]);
    const expected = `${JSON.stringify([{ path: '/users/:id', mountpath: '/users', methods: ['GET'], keys: ['id'], match: { id: '7' } }])}\n`;
    expect([cjs(4), cjs(5), esm(4), esm(5)]).toEqual([expected, expected, expected, expected]);
  });
});
