/**
 * The CLI as a user runs it (the built bin.js in a child process) on a small git project: exit codes, the dirty-tree
 * guard, dry runs that write nothing, atomic writes that keep the file mode, files that do not parse, idempotence.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sarifValidator } from '../src/reporters/_test-support.ts';

const BIN = path.resolve(import.meta.dirname, '../bin.js');

const APP = `const express = require('express');
const redis = require('redis').createClient();

const app = express();
app.del('/sessions/:id', (req, res) => {
  redis.del('session:' + req.params.id);
  res.send(204);
});
module.exports = app;
`;
const BROKEN = "const express = require('express');\nconst app = express(;\napp.del('/x', h);\n";

let dir: string;
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
const straddle = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'straddle-cli-'));
  writeFileSync(path.join(dir, 'app.js'), APP);
  writeFileSync(path.join(dir, 'broken.js'), BROKEN);
  chmodSync(path.join(dir, 'app.js'), 0o755);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'init');
});

describe('straddle CLI', () => {
  it('scan lists findings with rule and row, their sites under them, reports the unparsable file, and exits 1', () => {
    const run = straddle('scan', 'express', '.');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^fixable\s+app-del row 3 .*\n  app\.js:5:5$/m);
    expect(run.stdout).toMatch(/^fixable\s+res-send-status row 12,13 .*\n  app\.js:7:\d+$/m);
    expect(run.stdout).toMatch(/broken\.js: does not parse, left untouched/);
    expect(run.stdout).not.toMatch(/redis/);
  });

  it('scan --format sarif prints a SARIF 2.1.0 log the official schema accepts', () => {
    const run = straddle('scan', 'express', '.', '--format', 'sarif');
    expect(run.status).toBe(1);
    const log = JSON.parse(run.stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0].results.map((r: any) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]);
    const findings = JSON.parse(straddle('scan', 'express', '.', '--json').stdout).findings.map((f: any) => [f.ruleId, f.file, f.line]);
    expect(results).toEqual(findings);
    expect(results).toContainEqual(['app-del', 'app.js', 5]);
    expect(log.runs[0].results.map((r: any) => r.level)).toEqual(findings.map(() => 'error'));
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(/^broken\.js: does not parse/);
  });

  it('scan --format github prints one annotation per site, from the working directory', () => {
    const run = spawnSync(process.execPath, [BIN, 'scan', 'express', path.basename(dir), '--format', 'github', '--fail-on', 'breaking'], { cwd: path.dirname(dir), encoding: 'utf8' });
    expect(run.status).toBe(1);
    const name = path.basename(dir);
    expect(run.stdout.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^::error file=${name}/app\\.js,line=4,col=13,title=query-parser-extended::`)),
      expect.stringMatching(new RegExp(`^::error file=${name}/app\\.js,line=5,col=5,title=app-del::\`app\\.del\\(\\)\` was removed .*%0ADetails: file://\\S+/docs/express/app-del\\.md$`)),
      expect.stringMatching(new RegExp(`^::error file=${name}/app\\.js,line=7,col=\\d+,title=res-send-status::`)),
      expect.stringMatching(new RegExp(`^::error file=${name}/broken\\.js,title=straddle%3A not scanned::does not parse`)),
      '',
    ]);
  });

  it('scan --fail-on fails CI only on what it names; notes never fail it', () => {
    writeFileSync(
      path.join(dir, 'app.js'),
      "const express = require('express');\nconst app = express();\napp.set('query parser', 'extended');\napp.use(express.urlencoded({ extended: false }));\nfunction handler(req, res) { res.send(200); }\n",
    );
    git('rm', '-q', 'broken.js');
    const exits = () => [[], ['--fail-on', 'fixable'], ['--fail-on', 'breaking'], ['--fail-on', 'any']].map((args) => straddle('scan', 'express', ...args).status);
    // a note and a site only names tie to Express: every finding fails by default, the low-confidence one only `any`
    expect(JSON.parse(straddle('scan', 'express', '--json').stdout).findings.map((f: any) => [f.ruleId, f.confidence, !!f.note])).toEqual([
      ['urlencoded-extended', 'high', true],
      ['res-send-status', 'low', false],
    ]);
    expect(exits()).toEqual([1, 0, 0, 1]);
    // a file that does not parse may hide breaking code
    writeFileSync(path.join(dir, 'broken.js'), BROKEN);
    expect(exits()).toEqual([1, 0, 1, 1]);
  });

  it('fix --dry-run prints a diff, writes nothing, and exits 1', () => {
    const run = straddle('fix', 'express', '.', '--dry-run');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("\n-app.del('/sessions/:id', (req, res) => {\n");
    expect(run.stdout).toContain("\n+app.delete('/sessions/:id', (req, res) => {\n");
    expect(readFileSync(path.join(dir, 'app.js'), 'utf8')).toBe(APP);
  });

  it('fix refuses a dirty tree unless --force, then writes atomically, keeps the mode, and is idempotent', () => {
    writeFileSync(path.join(dir, 'notes.txt'), 'uncommitted');
    const refused = straddle('fix', 'express', '.');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/uncommitted changes \(notes\.txt\).*--force.*\(E_DIRTY\)/);
    expect(readFileSync(path.join(dir, 'app.js'), 'utf8')).toBe(APP);

    const forced = straddle('fix', 'express', '.', '--force', '--json');
    expect(forced.status).toBe(0);
    const report = JSON.parse(forced.stdout);
    expect(report.changed).toEqual(['app.js']);
    expect(report.errors).toMatchObject([{ file: 'broken.js', kind: 'parse' }]);
    const fixed = readFileSync(path.join(dir, 'app.js'), 'utf8');
    expect(fixed).toContain("app.delete('/sessions/:id'");
    expect(fixed).toContain('res.sendStatus(204);');
    expect(fixed).toContain("redis.del('session:' + req.params.id);");
    expect(statSync(path.join(dir, 'app.js')).mode & 0o777).toBe(0o755);
    expect(readFileSync(path.join(dir, 'broken.js'), 'utf8')).toBe(BROKEN);

    const again = straddle('fix', 'express', '.', '--force', '--json');
    expect(JSON.parse(again.stdout).changed).toEqual([]);
  });

  it('rules lists every rule with its kind; unknown packs and rules fail with exit 2', () => {
    const rules = straddle('rules', 'express', '--json');
    expect(JSON.parse(rules.stdout).find((r: { id: string }) => r.id === 'app-del')).toMatchObject({ rows: [3], kind: 'both' });
    expect(straddle('scan', 'koa').status).toBe(2);
    const badRule = straddle('scan', 'express', '.', '--only', 'no-such-rule');
    expect(badRule.status).toBe(2);
    expect(badRule.stderr).toMatch(/Unknown rule "no-such-rule"/);
  });

  it('turns bad input into one line and exit 2, never a stack trace or a silent "0 files"', () => {
    writeFileSync(path.join(dir, 'note.txt'), 'not a project');
    const cases: [string[], RegExp][] = [
      [['scan', 'express', 'no-such-dir'], /no-such-dir does not exist\. .*\(E_NO_DIR\)/],
      [['fix', 'express', 'note.txt', '--dry-run'], /note\.txt is a file, not a directory\..*\(E_NOT_DIR\)/],
      [['scan', 'constructor'], /Unknown pack "constructor"/],
      [['scan', '__proto__'], /Unknown pack "__proto__"/],
      [['scan', 'express', '--formt', 'sarif'], /Unknown option --formt\..*\(E_UNKNOWN_OPTION\)/],
      [['scan', 'express', '--format', 'xml'], /--format takes pretty, json, sarif, github, not "xml"\. \(E_BAD_VALUE\)/],
      [['scan', 'express', '--fail-on', 'everything'], /--fail-on takes fixable, breaking, any, not "everything"\. \(E_BAD_VALUE\)/],
      [['scan', 'express', '--only', ''], /--only needs at least one value/],
      [['fix', 'express', '--target', '7', '--dry-run'], /--target takes both, 5 or new, not "7"/],
    ];
    for (const [args, message] of cases) {
      const run = straddle(...args);
      expect([run.status, run.stderr.trim().split('\n').at(-1)], args.join(' ')).toEqual([2, expect.stringMatching(message)]);
      expect(run.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }
  });

  it('refuses to write outside a git work tree unless --force, and says so', () => {
    const plain = mkdtempSync(path.join(tmpdir(), 'straddle-nogit-'));
    writeFileSync(path.join(plain, 'app.js'), APP);
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: plain, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const refused = run('fix', 'express');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/not in a git work tree.*--force.*\(E_NOT_GIT\)/);
    expect(readFileSync(path.join(plain, 'app.js'), 'utf8')).toBe(APP);
    expect(run('fix', 'express', '--dry-run').status).toBe(1);
    const forced = run('fix', 'express', '--force');
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/straddle fix express: checked 1 file .*\n[\s\S]*changed 1 file\b/);
    // a second run finds nothing to change, and says so rather than "fixed 1 files"
    expect(run('fix', 'express', '--force').stdout).toMatch(/checked 1 file[\s\S]*changed no file/);
    expect(readFileSync(path.join(plain, 'app.js'), 'utf8')).toContain("app.delete('/sessions/:id'");
  });
});

describe('minified files', () => {
  it('are left out of scan and fix, and said so; --include-minified scans them', () => {
    execFileSync('mkdir', ['-p', path.join(dir, 'public')]);
    writeFileSync(path.join(dir, 'public/admin.min.js'), "const e=require('express'),a=e();a.del('/x',(q,r)=>r.send(204));module.exports=a;\n");
    git('add', '-A');
    git('commit', '-qm', 'minified');
    const json = JSON.parse(straddle('scan', 'express', '.', '--json').stdout);
    expect(json.minified).toEqual(['public/admin.min.js']);
    expect(json.findings.map((f: { file: string }) => f.file)).not.toContain('public/admin.min.js');
    expect(straddle('scan', 'express', '.').stdout).toContain('left out: 1 minified file (public/admin.min.js); --include-minified scans them');
    const included = JSON.parse(straddle('scan', 'express', '.', '--json', '--include-minified').stdout);
    expect(included.minified).toEqual([]);
    expect(included.findings.filter((f: { file: string }) => f.file === 'public/admin.min.js').map((f: { ruleId: string }) => f.ruleId)).toEqual(expect.arrayContaining(['app-del', 'res-send-status']));
  });
});

describe('colour', () => {
  // spawnSync's stdout is a pipe: what a file, a CI log or `| less` gets
  const run = (env: NodeJS.ProcessEnv, ...args: string[]) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['NO_COLOR', 'FORCE_COLOR', 'CI', 'TEST'].includes(name)));
    return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...clean, ...env } });
  };
  const ESC = '\u001b[';

  it('--help and errors are plain text in a pipe, coloured only when FORCE_COLOR asks, never with NO_COLOR', () => {
    for (const args of [['--help'], ['upgrade', '--help']]) {
      const piped = run({}, ...args);
      expect(piped.stdout).toContain('USAGE');
      expect(piped.stdout).not.toContain(ESC);
      expect(run({ FORCE_COLOR: '1' }, ...args).stdout).toContain(ESC);
      expect(run({ FORCE_COLOR: '1', NO_COLOR: '1' }, ...args).stdout).not.toContain(ESC);
    }
    const error = run({}, 'scan', 'no-such-pack');
    expect(error.status).toBe(2);
    expect(error.stderr + error.stdout).not.toContain(ESC);
  });
});
