import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPack, packIds, packSource, resolvePackSource } from './packs.ts';

const TOY = path.resolve(import.meta.dirname, '../test/toy-pack/pack/index.js');

describe('loadPack', () => {
  it('loads a built-in pack by name, and workers get the name back', async () => {
    const [builtIn] = packIds as [string];
    const pack = await loadPack(builtIn);
    expect(pack.id).toBe(builtIn);
    expect(packSource(pack)).toBe(builtIn);
  });

  it('loads a file by a path relative to cwd, or absolute, as the same file URL', async () => {
    const relative = await loadPack(path.relative(process.cwd(), TOY));
    expect(relative.id).toBe('widgetkit');
    expect(resolvePackSource(TOY)).toBe(packSource(relative));
    expect(resolvePackSource(`./${path.basename(TOY)}`, path.dirname(TOY))).toBe(packSource(relative));
  });

  it('loads an installed package by name, resolved from the project, not from straddle', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'straddle-pack-'));
    const pkg = path.join(dir, 'node_modules/straddle-pack-tiny');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), '{ "name": "straddle-pack-tiny", "type": "module", "exports": { ".": "./index.js" } }\n');
    writeFileSync(path.join(pkg, 'index.js'), 'export default { id: "tiny", rules: [], analyze: () => null };\n');
    const pack = await loadPack('straddle-pack-tiny', dir);
    expect(pack.id).toBe('tiny');
    expect(packSource(pack)).toBe(pathToFileURL(path.join(pkg, 'index.js')).href);
    await expect(loadPack('straddle-pack-tiny')).rejects.toMatchObject({ code: 'E_UNKNOWN_PACK' });
  });

  it('says what it knows when a name is neither built in, a file nor a package', async () => {
    await expect(loadPack('constructor')).rejects.toMatchObject({ code: 'E_UNKNOWN_PACK', message: expect.stringContaining(packIds.join(', ')) });
    await expect(loadPack('./no-such-pack.js')).rejects.toMatchObject({ code: 'E_UNKNOWN_PACK' });
  });

  it('refuses a module that does not export a pack', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'straddle-pack-'));
    writeFileSync(path.join(dir, 'not-a-pack.mjs'), 'export default { id: "x" };\n');
    await expect(loadPack(path.join(dir, 'not-a-pack.mjs'))).rejects.toMatchObject({ code: 'E_BAD_PACK' });
  });
});
