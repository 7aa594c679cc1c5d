/**
 * @module upgrade/format
 * Changed files go through the project's own fixers and formatter, so that what straddle writes reads as the
 * project's own code and passes its lint and format checks (suites often run them: `run-s lint test`). Only tools
 * the project has installed and configured run, from its node_modules, on the changed files alone; fixers first,
 * the formatter last. A tool that fails leaves the file as it was: the ratchet judges the result either way.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runCapture } from '../matrix/run-command.ts';

interface Tool {
  name: string;
  bin: string;
  /** Is the tool configured in this project? */
  configured: (cwd: string, manifest: Manifest) => boolean;
  args: (files: string[]) => string[];
  /** Generated files (the vendored shim) get the formatter, never a fixer. */
  formatter?: true;
}

interface Manifest {
  prettier?: unknown;
  eslintConfig?: unknown;
  standard?: unknown;
  xo?: unknown;
  devDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const hasFile = (cwd: string, pattern: RegExp) => readdirSync(cwd).some((name) => pattern.test(name));
const declares = (manifest: Manifest, name: string) => !!(manifest.devDependencies?.[name] ?? manifest.dependencies?.[name]);

const TOOLS: Tool[] = [
  { name: 'eslint', bin: 'eslint', configured: (cwd, m) => !!m.eslintConfig || hasFile(cwd, /^(\.eslintrc(\.\w+)?|eslint\.config\.[cm]?[jt]s)$/), args: (f) => ['--fix', ...f] },
  { name: 'xo', bin: 'xo', configured: (_cwd, m) => declares(m, 'xo'), args: (f) => ['--fix', ...f] },
  { name: 'standard', bin: 'standard', configured: (_cwd, m) => declares(m, 'standard'), args: (f) => ['--fix', ...f] },
  { name: 'biome', bin: 'biome', configured: (cwd) => hasFile(cwd, /^biome\.jsonc?$/), args: (f) => ['format', '--write', ...f], formatter: true },
  { name: 'prettier', bin: 'prettier', configured: (cwd, m) => !!m.prettier || hasFile(cwd, /^\.?prettierrc(\.\w+)?$|^prettier\.config\.[cm]?js$/), args: (f) => ['--write', ...f], formatter: true },
];

/** Runs the project's configured tools over `files` (relative); `generated` files get formatters only. Returns the tools run. */
export async function formatChanged(cwd: string, files: readonly string[], generated: readonly string[] = []): Promise<string[]> {
  const manifest = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as Manifest;
  const sources = files.filter((file) => /\.[cm]?[jt]sx?$/.test(file) && existsSync(path.join(cwd, file)));
  const ran: string[] = [];
  for (const tool of TOOLS) {
    const bin = path.join(cwd, 'node_modules', '.bin', tool.bin);
    if (!existsSync(bin) || !tool.configured(cwd, manifest)) continue;
    const targets = tool.formatter ? [...sources, ...generated.filter((file) => existsSync(path.join(cwd, file)))] : sources.filter((file) => !generated.includes(file));
    if (!targets.length) continue;
    await runCapture([bin, ...tool.args(targets)], { cwd });
    ran.push(tool.name);
  }
  return ran;
}
