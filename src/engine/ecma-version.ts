/**
 * @module engine/ecma-version
 * The newest JavaScript syntax a project's own lint parses, where its ESLint config pins one. A rewrite in syntax the
 * project's linter rejects (`req.body?.x` under `ecmaVersion: 6`) stops a `pretest` lint, and with it every test on
 * both majors: a good iteration the ratchet then puts back. Rules read it as `options.ecmaVersion` and write older
 * syntax in JavaScript where it is below what they would use. Read from the root's config text, never by loading it:
 * a config that extends a shared one, or hands parsing to another parser, pins nothing we can know.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const CONFIGS = ['.eslintrc', '.eslintrc.json', '.eslintrc.js', '.eslintrc.cjs', '.eslintrc.yml', '.eslintrc.yaml', 'eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs'];
const ECMA_VERSION = /ecmaVersion['"]?\s*[:=]\s*['"]?(\d{1,4}|latest)/g;
// eslintrc's `env: { es6: true }` / `es2017: true` set the parser's version when nothing else does
const ENV_VERSION = /['"]?es(6|20\d\d)['"]?\s*:\s*true/g;

/** As a year (ES2015 for 6): the lowest any of the root's ESLint configs pins, or undefined where none does. */
export function projectEcmaVersion(cwd: string): number | undefined {
  const texts = CONFIGS.map((name) => path.join(cwd, name))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'));
  const inManifest = eslintConfigOf(cwd);
  if (inManifest) texts.push(inManifest);
  const pinned: number[] = [];
  for (const text of texts) {
    // another parser (babel's, typescript-eslint's) reads syntax its own way
    if (/['"]?parser['"]?\s*[:=]\s*['"]?(?:@babel\/eslint-parser|babel-eslint|@typescript-eslint\/parser)/.test(text)) return undefined;
    const versions = [...text.matchAll(ECMA_VERSION)].map((m) => m[1]!);
    if (versions.includes('latest')) continue;
    const years = versions.length ? versions.map(Number).map(asYear) : [...text.matchAll(ENV_VERSION)].map((m) => asYear(Number(m[1])));
    pinned.push(...years);
  }
  return pinned.length ? Math.min(...pinned) : undefined;
}

function asYear(version: number): number {
  return version < 2015 ? version + 2009 : version;
}

function eslintConfigOf(cwd: string): string | undefined {
  try {
    const config = (JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { eslintConfig?: unknown }).eslintConfig;
    return config === undefined ? undefined : JSON.stringify(config);
  } catch {
    return undefined;
  }
}
