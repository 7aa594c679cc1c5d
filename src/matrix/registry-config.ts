/**
 * @module matrix/registry-config
 * The version cache installs with npm in a folder of its own, so the project's registry settings would never reach
 * it: a project whose registry, scoped registry or token is set in its own `.npmrc`, `.yarnrc.yml` or `.yarnrc`
 * got its packages from registry.npmjs.org, or none. Those settings are gathered here as the text of an .npmrc that
 * `npm view` and the cache's `npm install` find in the folder they run in (npm's project config, above the user's
 * ~/.npmrc, below npm_config_* in the environment, as in the project).
 *
 * Read from the project's folder and those above it up to the git root (project/ancestors), nearest first: npm reads
 * a project .npmrc only at the project's root, but a workspace package's settings sit at the workspace root. In one
 * folder yarn's own files win over `.npmrc` (yarn 2+ never reads .npmrc; yarn 1 reads .yarnrc first). Only where
 * packages come from and how to authenticate is taken, never how the project installs (`prefix`, `workspaces`,
 * lockfile or peer settings), which would move or change the cache's install. Values are copied as written, so a
 * `${NPM_TOKEN}` is expanded by npm from the environment; none is ever printed. A version is the same version from
 * any registry, so the cache is shared.
 */
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectDirs } from '../project/ancestors.ts';
import { fromYarnrc, fromYarnrcYml, type Setting } from './yarn-registry.ts';

/** Where packages come from and how to reach and authenticate with it. `//host/…:` keys are one registry's own. */
const REGISTRY_SETTING = /^(?:(?:@[^:]+:)?registry|\/\/.+|_auth|_authToken|always-auth|ca|ca\[\]|cafile|cert|key|strict-ssl|proxy|https-proxy|noproxy|no-proxy|local-address)$/;

/** The file each folder is read from, in the order they win (first wins), with how to read it. */
const SOURCES: Array<[file: string, read: (text: string) => Setting[]]> = [['.yarnrc.yml', fromYarnrcYml], ['.yarnrc', fromYarnrc], ['.npmrc', fromNpmrc]];

/** The .npmrc text (empty when the project sets nothing) that gives npm the project's registry settings. */
export function registryNpmrc(cwd: string): string {
  const lines = new Map<string, string>();
  for (const dir of projectDirs(cwd)) {
    for (const [file, read] of SOURCES) {
      let text: string;
      try {
        text = readFileSync(path.join(dir, file), 'utf8');
      } catch {
        continue;
      }
      // within a file the last line of a key wins, as npm's ini reading has it (a `ca[]` list keeps every line);
      // across files, the nearest
      const own = new Map(read(text).filter(([key]) => REGISTRY_SETTING.test(key)).map(([key, value]) => [key.endsWith('[]') ? `${key}=${value}` : key, `${key}=${value}`]));
      for (const [key, line] of own) if (!lines.has(key)) lines.set(key, line);
    }
  }
  return [...lines.values()].map((line) => `${line}\n`).join('');
}

/** `key=value` lines of an .npmrc, comments and sections left out, the value as written. */
export function fromNpmrc(text: string): Setting[] {
  return text.split(/\r?\n/).flatMap((line): Setting[] => {
    const trimmed = line.trim();
    const at = trimmed.indexOf('=');
    if (!trimmed || /^[;#[]/.test(trimmed) || at < 1) return [];
    return [[trimmed.slice(0, at).trim(), trimmed.slice(at + 1).trim()]];
  });
}

/** Writes the settings where npm, run in `dir`, reads them as its project config: readable by the user alone. */
export async function writeNpmrc(dir: string, npmrc: string): Promise<void> {
  if (npmrc) await writeFile(path.join(dir, '.npmrc'), npmrc, { mode: 0o600 });
}

/** Takes them away again, so that no token stays in the cache. */
export async function removeNpmrc(dir: string): Promise<void> {
  await rm(path.join(dir, '.npmrc'), { force: true });
}
