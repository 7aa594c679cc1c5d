/**
 * Which fastify a file's project runs on the old major (./_version.ts), read from the project's own files: what is
 * installed where Node resolves `fastify` from the file, else the floor of the nearest declared range; a library's
 * peer range wins over what it tests with.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeProject, isAtLeast, projectFastify } from './_version.ts';

/** A folder with these files (paths relative to it, JSON values written as JSON). */
function tree(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'straddle-fastify-version-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

describe('projectFastify', () => {
  it('an app: the version installed, whatever its range allows', () => {
    const dir = tree({ 'package.json': { dependencies: { fastify: '^4.0.0' } }, 'node_modules/fastify/package.json': { version: '4.28.1' } });
    expect(projectFastify(dir, 'src/app.js')).toEqual({ version: '4.28.1', source: 'installed' });
    // from a workspace package, resolved as Node resolves it: up to the hoisted node_modules
    expect(projectFastify(dir, 'packages/api/src/app.js')).toEqual({ version: '4.28.1', source: 'installed' });
  });

  it('nothing installed: the floor of the nearest declared range (npm aliases read through)', () => {
    expect(projectFastify(tree({ 'package.json': { devDependencies: { fastify: '~4.25.2' } } }), 'a.js')).toEqual({ version: '4.25.2', source: 'declared', range: '~4.25.2' });
    expect(projectFastify(tree({ 'package.json': { dependencies: { fastify: 'npm:fastify@^4.26.1' } } }), 'a.js')).toMatchObject({ version: '4.26.1' });
    expect(projectFastify(tree({ 'package.json': { dependencies: { fastify: '^4.26.0 || ^5.0.0' } } }), 'a.js')).toMatchObject({ version: '4.26.0' });
  });

  it('a library: the floor of its peer range, even where a later version is installed to test with', () => {
    const dir = tree({
      'package.json': { peerDependencies: { fastify: '^4.0.0' }, devDependencies: { fastify: '^4.29.0' } },
      'node_modules/fastify/package.json': { version: '4.29.1' },
    });
    expect(projectFastify(dir, 'index.js')).toEqual({ version: '4.0.0', source: 'declared', range: '^4.0.0' });
  });

  it('unknown: no fastify named or installed, or a range that says no version', () => {
    expect(projectFastify(tree({ 'package.json': { dependencies: { express: '^4.0.0' } } }), 'a.js')).toBeUndefined();
    expect(projectFastify(tree({ 'package.json': { dependencies: { fastify: 'github:fastify/fastify' } } }), 'a.js')).toBeUndefined();
    expect(projectFastify(tree({ 'package.json': '{ not json' }), 'a.js')).toBeUndefined();
  });

  it('isAtLeast: a 5.x has every 4.x minor; unknown has none', () => {
    expect(isAtLeast({ version: '5.0.0', source: 'installed' }, '4.26.0')).toBe(true);
    expect(isAtLeast({ version: '4.25.2', source: 'installed' }, '4.26.0')).toBe(false);
    expect(isAtLeast(undefined, '4.10.0')).toBe(false);
    expect(describeProject({ version: '4.10.2', source: 'declared', range: '~4.10.2' })).toBe('the project\'s package.json allows fastify 4.10.2 ("~4.10.2")');
  });
});
