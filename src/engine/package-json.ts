/**
 * @module engine/package-json
 * The project's package.json, read in one place. One that does not parse stops a command with one line and exit 2:
 * left to each reader, it became a scan with nothing to say or a test run that "never loaded" the framework.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StraddleError } from '../errors.ts';
import type { PackageJson } from '../pack.ts';

export interface Manifest {
  /** The file as it is, for report lines and for rewriting it in its own format. */
  text: string;
  json: PackageJson;
}

/** `cwd`'s package.json, parsed; undefined when there is none. Throws E_PACKAGE_JSON when it cannot be used. */
export function readPackageJson(cwd: string): Manifest | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(cwd, 'package.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw _invalid((error as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')); // npm reads a BOM-prefixed package.json too
  } catch (error) {
    throw _invalid((error as Error).message);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw _invalid('not a JSON object');
  return { text, json: json as PackageJson };
}

const _invalid = (reason: string) => new StraddleError(`package.json: ${reason}`, 'E_PACKAGE_JSON');
