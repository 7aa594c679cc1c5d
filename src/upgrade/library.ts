/**
 * @module upgrade/library
 * Whether a project is a library: its tests get the shim only for failures their own server code throws.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A library publishes code that runs inside other people's apps: it is not private, names what it publishes, and
 * has the framework only as a peer or dev dependency.
 */
export function isLibrary(cwd: string, packageName: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as Record<string, any>;
    const publishes = !pkg.private && ['main', 'exports', 'module', 'files', 'bin'].some((field) => pkg[field] !== undefined);
    return publishes && !pkg.dependencies?.[packageName];
  } catch {
    return false;
  }
}
