/**
 * The Fastify pack's typed pass: fastify ships its own declarations (no @types package), so the pack names fastify
 * as the package the typed pass resolves (`declarationsPackage`), and its facts ask the checker where the syntax of a
 * file shows only names: an app built in another module, a handler typed through local aliases, a receiver named
 * `res` or reached as `ctx.reply` whose type is fastify's `FastifyReply`. A look-alike of another type stays a
 * low-confidence report, never a rewrite. Run on a small TypeScript project with the real fastify 4 or 5 installed
 * (the `fastify4` / `fastify5` aliases linked as its `node_modules/fastify`), through the engine and the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pack from '../../codemods/fastify/index.ts';
import { runPack } from '../../src/engine/run.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin.js');

const ROUTES = `import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyReply as OwnReply } from './own';

type Req = FastifyRequest;
type Reply = FastifyReply;

// a handler typed through local aliases: its parameter names make it a guess, its types make it sure
export async function moved(req: Req, reply: Reply) {
  return reply.redirect(301, '/new');
}

// receivers no name ties to Fastify: \`res\`, \`ctx.reply\`, a type parameter's constraint, an optional reply
export function gone(res: Reply) {
  res.redirect(302, '/gone');
}
interface Ctx { request: Req; reply: Reply }
export function viaContext(ctx: Ctx) {
  return ctx.reply.redirect(307, '/elsewhere');
}
export function generic<R extends FastifyReply>(request: Req, reply?: R) {
  return reply!.redirect(308, '/generic');
}

// look-alikes of another type: the names say Fastify, the checker does not
class Mailer {
  redirect(code: number, to: string) {
    return \`\${code} \${to}\`;
  }
}
export function forward(request: unknown, reply: Mailer) {
  return reply.redirect(301, '/forward');
}
export function local() {
  const res = new Mailer();
  return res.redirect(301, '/local');
}
// a type of the project's own that is only named like fastify's
export function named(request: unknown, reply: OwnReply) {
  return reply.redirect(301, '/named');
}
`;

const files: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', esModuleInterop: true, skipLibCheck: true, noEmit: true }, include: ['src'] }),
  'src/app.ts': "import Fastify from 'fastify';\n\nexport function build() {\n  const app = Fastify();\n  return app;\n}\n",
  'src/instance.ts': "import Fastify from 'fastify';\n\nexport const app = Fastify();\n",
  // an instance built in ./app, one imported from ./instance: only their names tie them to Fastify here
  'src/server.ts': "import { build } from './app';\n\nconst server = build();\nserver.listen(3000, '0.0.0.0');\n",
  'src/register.ts': "import { app } from './instance';\n\napp.get('/old', async (request, reply) => reply.redirect(301, '/new'));\n",
  'src/routes.ts': ROUTES,
  'src/own.ts': 'export interface FastifyReply {\n  redirect(code: number, to: string): string;\n}\n',
};

/** The rewritten routes.ts: every Fastify reply, however it is reached; the look-alikes as they were. */
const ROUTES_FIXED = ROUTES.replace("reply.redirect(301, '/new')", "reply.code(301).redirect('/new')")
  .replace("res.redirect(302, '/gone')", "res.code(302).redirect('/gone')")
  .replace("ctx.reply.redirect(307, '/elsewhere')", "ctx.reply.code(307).redirect('/elsewhere')")
  .replace("reply!.redirect(308, '/generic')", "reply!.code(308).redirect('/generic')");

/** A project with the real fastify of one major installed, as its own install would leave it. */
function project(major: 4 | 5): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'straddle-fastify-typed-'));
  const all = { ...files, 'package.json': JSON.stringify({ name: 'typed-app', private: true, dependencies: { fastify: `^${major}.0.0` } }) };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(path.join(REPO, `node_modules/fastify${major}`), path.join(dir, 'node_modules/fastify'), 'dir');
  return dir;
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const sites = (findings: any[], file: string) =>
  findings.filter((f) => f.file === file).map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.confidence}${f.fixed ? ' fixed' : ''}`);

describe('the Fastify typed pass', () => {
  it('declares fastify as the package it resolves, and no types package for the matrix to swap', () => {
    expect(pack.declarationsPackage).toBe('fastify');
    expect(pack.typesPackage).toBeUndefined();
  });

  it.each([4, 5] as const)('fastify %i: what the types prove is rewritten, the look-alikes are reported and left alone', async (major) => {
    const dir = project(major);
    const report = await runPack(pack, { cwd: dir, fix: true, jobs: 0 });
    expect(report.typed?.files).toBe(3);
    expect(read(dir, 'src/routes.ts')).toBe(ROUTES_FIXED);
    expect(read(dir, 'src/register.ts')).toContain("reply.code(301).redirect('/new')");
    expect(read(dir, 'src/server.ts')).toContain("server.listen({ port: 3000, host: '0.0.0.0' });");
    expect(sites(report.findings, 'src/routes.ts')).toEqual([
      'reply-redirect-code 9:10 high fixed',
      'reply-redirect-code 14:3 high fixed',
      'reply-redirect-code 18:10 high fixed',
      'reply-redirect-code 21:10 high fixed',
      // a handler's names, a class of the project's own; then an interface of its own named FastifyReply
      'reply-redirect-code 31:10 low',
      'reply-redirect-code 39:10 low',
    ]);
    // the project's source only: package.json is the project rules' to judge
    expect(report.findings.filter((f) => !f.fixed && f.file.startsWith('src/')).map((f) => f.file)).toEqual(['src/routes.ts', 'src/routes.ts']);
  });

  it('without it (--no-types), the same files show only names: reported at low confidence, nothing rewritten', async () => {
    const dir = project(4);
    const report = await runPack(pack, { cwd: dir, fix: true, jobs: 0, types: false });
    expect(report.typed).toBeNull();
    expect(report.changed.filter((file) => file.startsWith('src/'))).toEqual([]);
    expect(read(dir, 'src/routes.ts')).toBe(ROUTES);
    expect(sites(report.findings, 'src/routes.ts')).toEqual(['reply-redirect-code 9:10 low', 'reply-redirect-code 21:10 low', 'reply-redirect-code 31:10 low', 'reply-redirect-code 39:10 low']);
    expect(sites(report.findings, 'src/server.ts')).toEqual(['listen-variadic 4:1 low']);
    expect(sites(report.findings, 'src/register.ts')).toEqual(['reply-redirect-code 3:43 low']);
  });

  it('a project without fastify installed has no typed pass: the checker could not name its types', async () => {
    const dir = project(4);
    rmSync(path.join(dir, 'node_modules/fastify'));
    const report = await runPack(pack, { cwd: dir, fix: false, jobs: 0 });
    expect(report.typed).toBeNull();
    expect(report.findings.filter((f) => f.file.startsWith('src/')).every((f) => f.confidence === 'low')).toBe(true);
  });

  it('through the built CLI: fix fastify rewrites what the types prove, scan then finds only the look-alikes', () => {
    expect(existsSync(path.join(REPO, 'dist/cli.js')), 'npm run build first').toBe(true);
    const dir = project(4);
    const straddle = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args, '--json'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    // --force: the project is no git checkout
    const fix = straddle('fix', 'fastify', dir, '--force');
    // the look-alikes stay, as low-confidence reports: fix leaves them without failing
    expect(fix.status, fix.stderr).toBe(0);
    const report = JSON.parse(fix.stdout);
    expect(report.typed.files).toBe(3);
    expect([...report.changed].sort()).toEqual(['src/register.ts', 'src/routes.ts', 'src/server.ts']);
    expect(read(dir, 'src/routes.ts')).toBe(ROUTES_FIXED);
    const run = straddle('scan', 'fastify', dir);
    expect(run.status, run.stderr).toBe(1);
    const scan = JSON.parse(run.stdout);
    expect(sites(scan.findings, 'src/routes.ts')).toEqual(['reply-redirect-code 31:10 low', 'reply-redirect-code 39:10 low']);
    expect(scan.findings.filter((f: any) => f.file !== 'package.json')).toHaveLength(2);
  });
});
