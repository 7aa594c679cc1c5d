/**
 * @module packs
 * Loads a pack by name or module specifier: a built-in name (the only place that names the packs straddle ships), a
 * file path (relative to the working directory) or a package name. The engine's workers load the pack again from
 * the same source, so any pack runs on more than one thread.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Pack } from './pack.ts';
import { StraddleError } from './errors.ts';

const BUILT_IN: Record<string, () => Promise<unknown>> = {
  express: () => import('../codemods/express/index.ts'),
  fastify: () => import('../codemods/fastify/index.ts'),
};

export const packIds = Object.keys(BUILT_IN);

// the source each loaded pack came from, so a worker can load the same one
const sources = new WeakMap<Pack<any>, string>();

/**
 * A pack by built-in name (a key of BUILT_IN), file path (`./packs/mine.js`, resolved against `cwd`) or package name
 * (`straddle-pack-foo`, resolved from `cwd`). The module's default export (or its `pack` export) is the pack.
 */
export async function loadPack(nameOrSpecifier: string, cwd = process.cwd()): Promise<Pack<any>> {
  const source = resolvePackSource(nameOrSpecifier, cwd);
  const pack = _packOf(await _import(source), nameOrSpecifier);
  sources.set(pack, source);
  return pack;
}

/** Where `loadPack` found this pack (a built-in name or a file URL); undefined for a pack object made in memory. */
export function packSource(pack: Pack<any>): string | undefined {
  return sources.get(pack);
}

/** A built-in name as it is, anything else as the file URL it resolves to. */
export function resolvePackSource(nameOrSpecifier: string, cwd = process.cwd()): string {
  // own keys only: `constructor` or `__proto__` are no packs
  if (Object.hasOwn(BUILT_IN, nameOrSpecifier) || nameOrSpecifier.startsWith('file:')) return nameOrSpecifier;
  if (_isPath(nameOrSpecifier)) {
    const file = path.resolve(cwd, nameOrSpecifier);
    if (!existsSync(file)) throw new StraddleError(`Pack file ${file} does not exist.`, 'E_UNKNOWN_PACK');
    return pathToFileURL(file).href;
  }
  try {
    return pathToFileURL(createRequire(path.join(path.resolve(cwd), 'package.json')).resolve(nameOrSpecifier)).href;
  } catch {
    throw new StraddleError(
      `Unknown pack "${nameOrSpecifier}": not a built-in pack (${packIds.join(', ')}), a file or an installed package. Pass a path such as ./my-pack.js.`,
      'E_UNKNOWN_PACK',
    );
  }
}

// --- internal ---

function _isPath(specifier: string): boolean {
  return specifier.startsWith('.') || path.isAbsolute(specifier) || /\.(?:[cm]?js|[cm]?ts)$/.test(specifier);
}

function _import(source: string): Promise<unknown> {
  return Object.hasOwn(BUILT_IN, source) ? BUILT_IN[source]!() : import(source);
}

function _packOf(module: unknown, specifier: string): Pack<any> {
  const exports = module as { default?: unknown; pack?: unknown };
  const candidate = (exports.pack ?? exports.default) as Partial<Pack<any>> | undefined;
  if (!candidate || typeof candidate.id !== 'string' || !Array.isArray(candidate.rules) || typeof candidate.analyze !== 'function') {
    throw new StraddleError(`${specifier} does not export a pack (a default export made with definePack: id, rules, analyze).`, 'E_BAD_PACK');
  }
  return candidate as Pack<any>;
}
