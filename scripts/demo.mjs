#!/usr/bin/env node
// `npm run demo [-- <app>]`: `straddle upgrade <pack> --commit` on a fresh copy of a bundled app (default: blog-esm,
// on Express 4; the apps under fixtures/apps-fastify run the Fastify pack), showing the journey from red on the new
// major to green on both. Nothing in this repo changes.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// each pack's bundled apps: the folder they live in, and the framework they start on
const packs = [
  { pack: 'express', folder: 'fixtures/apps', framework: 'Express 4' },
  { pack: 'fastify', folder: 'fixtures/apps-fastify', framework: 'Fastify 4' },
].map((entry) => ({ ...entry, apps: readdirSync(path.join(root, entry.folder)) }));
const app = process.argv[2] ?? 'blog-esm';
const home = packs.find((entry) => entry.apps.includes(app));
if (!home) {
  console.error(`No bundled app "${app}". Choose one of: ${packs.flatMap((entry) => entry.apps).join(', ')}.`);
  process.exit(2);
}
if (!existsSync(path.join(root, 'dist/cli.js'))) {
  console.error('straddle is not built: run `npm run build` first (`npm run demo` does).');
  process.exit(2);
}

const dir = path.join(mkdtempSync(path.join(tmpdir(), 'straddle-demo-')), app);
cpSync(path.join(root, home.folder, app), dir, { recursive: true });
const quiet = (cmd, args) => execFileSync(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
console.log(`Copied ${home.folder}/${app} to ${dir}; installing its dependencies (${home.framework})…`);
quiet('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
quiet('git', ['init', '-q']);
quiet('git', ['add', '-A']);
quiet('git', ['-c', 'user.email=demo@straddle.local', '-c', 'user.name=straddle demo', 'commit', '-qm', `The app on ${home.framework}`]);

console.log(`\n$ straddle upgrade ${home.pack} ${dir} --commit\n`);
let code = 0;
try {
  execFileSync(process.execPath, [path.join(root, 'bin.js'), 'upgrade', home.pack, dir, '--commit'], {
    stdio: 'inherit',
    env: { ...process.env, GIT_AUTHOR_NAME: 'straddle demo', GIT_AUTHOR_EMAIL: 'demo@straddle.local', GIT_COMMITTER_NAME: 'straddle demo', GIT_COMMITTER_EMAIL: 'demo@straddle.local' },
  });
} catch (error) {
  code = error.status ?? 1;
}
console.log(`\nSee what changed: git -C ${dir} log -p`);
process.exit(code);
