/**
 * @module express/reporters/_test-support
 * A real scan for the reporter tests: one small project with a finding of every sort (fixable twice with the same
 * message, fixable on names only, by hand, for the shim, a note, a file that does not parse, a file name that needs
 * escaping), made with the Express pack.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listRules } from '../../../src/cli/commands/rules.ts';
import { runPack, type RunReport } from '../../../src/engine/run.ts';
import { loadPack } from '../../../src/packs.ts';

const APP = `const express = require('express');
const app = express();
app.set('query parser', 'extended');
app.use(express.urlencoded({ extended: false }));
app.del('/a', (req, res) => res.end());
app.del('/b', (req, res) => res.end());
app.use(express.query());
app.get('/slow', async (req, res) => { await later(); res.end(); });
function handler(req, res) { res.send(200); }
module.exports = { app, handler };
`;

/** A name with a space, `#` and `,`: escaped in SARIF URIs and in annotation properties. */
export const ODD_FILE = 'routes/a b#1,2.js';

export const PROJECT_FILES: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'shop', private: true, dependencies: { express: '^4.21.0' } }, null, 2)}\n`,
  'app.js': APP,
  [ODD_FILE]: "const express = require('express');\nconst app = express();\napp.set('query parser', 'extended');\napp.del('/x', (req, res) => res.end());\nmodule.exports = app;\n",
  'broken.js': "const express = require('express');\nconst app = express(;\napp.del('/x', h);\n",
};

/** A fresh copy of the project. */
export function makeProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'straddle-reporters-'));
  for (const [name, text] of Object.entries(PROJECT_FILES)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** `straddle scan express` on a fresh copy of the project, and the pack's rules as `straddle rules` lists them. */
export async function scanProject(): Promise<{ report: RunReport; rules: Awaited<ReturnType<typeof listRules>> }> {
  const report = await runPack(await loadPack('express'), { cwd: makeProject(), fix: false, jobs: 1, types: false });
  return { report, rules: await listRules('express') };
}
