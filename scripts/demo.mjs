#!/usr/bin/env node
// `npm run demo [-- <app>]`: `straddle upgrade express --commit` on a fresh copy of a bundled Express 4 app
// (default: blog-esm), showing the journey from red on Express 5 to green on both. Nothing in this repo changes.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const apps = readdirSync(path.join(root, 'fixtures/apps'));
const app = process.argv[2] ?? 'blog-esm';
if (!apps.includes(app)) {
  console.error(`No bundled app "${app}". Choose one of: ${apps.join(', ')}.`);
  process.exit(2);
}
if (!existsSync(path.join(root, 'dist/cli.js'))) {
  console.error('straddle is not built: run `npm run build` first (`npm run demo` does).');
  process.exit(2);
}

const dir = path.join(mkdtempSync(path.join(tmpdir(), 'straddle-demo-')), app);
cpSync(path.join(root, 'fixtures/apps', app), dir, { recursive: true });
const quiet = (cmd, args) => execFileSync(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
console.log(`Copied fixtures/apps/${app} to ${dir}; installing its dependencies (Express 4)…`);
quiet('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
quiet('git', ['init', '-q']);
quiet('git', ['add', '-A']);
quiet('git', ['-c', 'user.email=demo@straddle.local', '-c', 'user.name=straddle demo', 'commit', '-qm', 'The app on Express 4']);

console.log(`\n$ straddle upgrade express ${dir} --commit\n`);
let code = 0;
try {
  execFileSync(process.execPath, [path.join(root, 'bin.js'), 'upgrade', 'express', dir, '--commit'], {
    stdio: 'inherit',
    env: { ...process.env, GIT_AUTHOR_NAME: 'straddle demo', GIT_AUTHOR_EMAIL: 'demo@straddle.local', GIT_COMMITTER_NAME: 'straddle demo', GIT_COMMITTER_EMAIL: 'demo@straddle.local' },
  });
} catch (error) {
  code = error.status ?? 1;
}
console.log(`\nSee what changed: git -C ${dir} log -p`);
process.exit(code);
