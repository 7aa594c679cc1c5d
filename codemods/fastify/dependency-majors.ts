/**
 * @module codemods/fastify/dependency-majors
 * Rows 1–4: what in package.json moves with Fastify 5. While the code runs on both majors only the library's peer
 * range widens (once its tests pass on both); the rest is reported, since a dependency set that works on 4 and 5 at
 * once does not exist for them (an @fastify plugin's v4 major throws FST_ERR_PLUGIN_VERSION_MISMATCH on 5, its v5
 * major on 4). `straddle finish fastify` moves them: Node 20, `fastify` ^5.1.0 (row 44: 5.0.0 alone compares
 * content types case-sensitively), each plugin to its first major declared for Fastify 5.
 */
import semver from 'semver';
import type { PackageJson, ProjectRule } from '../../src/authoring.ts';

/**
 * The first release of each @fastify plugin whose declared `fastify` range admits 5.x (read from the registry's
 * manifests on 2026-12-07; every earlier major declares 4.x only).
 */
export const FIRST_FOR_FASTIFY_5: Readonly<Record<string, string>> = {
  '@fastify/accepts': '5.0.0', '@fastify/auth': '5.0.1', '@fastify/autoload': '6.0.0', '@fastify/awilix': '6.0.1',
  '@fastify/basic-auth': '6.0.1', '@fastify/bearer-auth': '10.0.1', '@fastify/caching': '9.0.1',
  '@fastify/circuit-breaker': '4.0.1', '@fastify/compress': '8.0.1', '@fastify/cookie': '10.0.0', '@fastify/cors': '10.0.0',
  '@fastify/csrf-protection': '7.0.1', '@fastify/elasticsearch': '4.0.1', '@fastify/env': '5.0.0', '@fastify/etag': '6.0.1',
  '@fastify/express': '4.0.0', '@fastify/flash': '6.0.0', '@fastify/formbody': '8.0.0', '@fastify/helmet': '12.0.0',
  '@fastify/http-proxy': '10.0.0', '@fastify/jwt': '9.0.0', '@fastify/leveldb': '6.0.1', '@fastify/middie': '9.0.1',
  '@fastify/mongodb': '9.0.1', '@fastify/multipart': '9.0.0', '@fastify/mysql': '5.0.1', '@fastify/nextjs': '11.0.0',
  '@fastify/oauth2': '8.0.0', '@fastify/one-line-logger': '2.0.0', '@fastify/passport': '3.0.1', '@fastify/postgres': '6.0.0',
  '@fastify/rate-limit': '10.0.0', '@fastify/redis': '7.0.0', '@fastify/reply-from': '11.0.0', '@fastify/request-context': '6.0.0',
  '@fastify/response-validation': '3.0.1', '@fastify/routes': '6.0.1', '@fastify/schedule': '5.0.2',
  '@fastify/secure-session': '8.0.0', '@fastify/sensible': '6.0.0', '@fastify/session': '11.0.0', '@fastify/static': '8.0.0',
  '@fastify/swagger': '9.0.0', '@fastify/swagger-ui': '5.1.0', '@fastify/throttle': '3.0.1',
  '@fastify/type-provider-typebox': '5.0.0', '@fastify/under-pressure': '9.0.1', '@fastify/url-data': '6.0.1',
  '@fastify/view': '10.0.0', '@fastify/vite': '7.0.1', '@fastify/websocket': '11.0.0',
};

/** The range of each plugin that serves Fastify 5: what `finish` writes, and what the matrix runs 5 with (companions). */
export const RANGE_FOR_FASTIFY_5: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(FIRST_FOR_FASTIFY_5).map(([name, first]) => [name, `^${first}`]),
);

const SECTIONS = ['dependencies', 'devDependencies'] as const;
/** Fastify 5's types use the `NoInfer` intrinsic (row 4). */
const TYPESCRIPT_NEEDED = '5.4.0';

/** The lowest version a range allows, or undefined for tags, URLs and workspaces. */
const lowest = (range: string) => (semver.validRange(range) ? semver.minVersion(range) : null) ?? undefined;
const admits = (range: string, major: number) => !!semver.validRange(range) && semver.intersects(range, `${major}.x`);

function* dependencies(pkg: PackageJson): Generator<[section: (typeof SECTIONS)[number], name: string, range: string]> {
  for (const section of SECTIONS) for (const [name, range] of Object.entries(pkg[section] ?? {})) yield [section, name, range];
}

const rule: ProjectRule = {
  id: 'dependency-majors',
  meta: {
    description: 'Find what in package.json must move with Fastify 5: Node, fastify, @fastify plugin majors, TypeScript',
    rows: [1, 2, 3, 4],
    kind: 'report',
    // a plugin's v4 major registered on Fastify 5
    signatures: [/FST_ERR_PLUGIN_VERSION_MISMATCH/, /fastify-plugin: [^\n]* - expected '4\.x' fastify version/],
    messages: {
      nodeEngines: '`engines.node` is "{{range}}", which allows Node.js versions older than 20. Fastify 5 needs Node.js 20 or newer: `straddle finish fastify` writes ">=20".',
      fastifyMajor: '`fastify` {{range}} is Fastify 4. `straddle finish fastify` moves it to ^5.1.0 once Fastify 4 is dropped.',
      pluginMajor: '`{{name}}` {{range}} is declared for Fastify 4 only: registered on Fastify 5 it throws FST_ERR_PLUGIN_VERSION_MISMATCH. Its first release for Fastify 5 is {{first}}, which no longer registers on 4, so it moves when Fastify 4 is dropped (`straddle finish fastify` writes ^{{first}}).',
      peerRange: '`fastify` {{range}} in peerDependencies leaves out Fastify 5. Once the library\'s tests pass on both majors, declare both: `{{widened}}` (`straddle upgrade` does it then).',
      oldTypescript: '`typescript` {{range}} is older than {{needed}}: Fastify 5\'s types use the `NoInfer` intrinsic, so type checks against them fail ("Cannot find name \'NoInfer\'"). Upgrade typescript to ^{{needed}} or newer.',
    },
  },
  check(context) {
    const finishing = context.options.target === 'new';
    const pkg = context.packageJson;
    const node = pkg.engines?.node;
    if (node && lowest(node) && semver.lt(lowest(node)!, '20.0.0')) {
      // Fastify 4 still runs there: only finishing narrows the range
      context.report({ messageId: 'nodeEngines', data: { range: node }, at: 'engines.node', fix: finishing ? (next) => void (next.engines!.node = '>=20') : undefined });
    }
    for (const [section, name, range] of dependencies(pkg)) {
      const min = lowest(range);
      if (!min) continue;
      const set = (value: string) => (next: PackageJson) => void (next[section]![name] = value);
      if (name === 'fastify' && min.major === 4) {
        // a project on both majors keeps asking for 4 (the matrix brings 5): said only when finishing
        if (finishing) context.report({ messageId: 'fastifyMajor', data: { range }, at: `${section}.${name}`, fix: set('^5.1.0') });
      } else if (FIRST_FOR_FASTIFY_5[name] && semver.lt(min, FIRST_FOR_FASTIFY_5[name]!)) {
        const first = FIRST_FOR_FASTIFY_5[name]!;
        context.report({ messageId: 'pluginMajor', data: { name, range, first }, at: `${section}.${name}`, note: !finishing, fix: finishing ? set(RANGE_FOR_FASTIFY_5[name]!) : undefined });
      } else if (name === 'typescript' && semver.lt(min, TYPESCRIPT_NEEDED)) {
        context.report({ messageId: 'oldTypescript', data: { range, needed: TYPESCRIPT_NEEDED }, at: `${section}.${name}` });
      }
    }
    const peer = pkg.peerDependencies?.fastify;
    if (peer && !finishing && admits(peer, 4) && !admits(peer, 5)) {
      const widened = `${peer} || ^5.0.0`;
      context.report({ messageId: 'peerRange', data: { range: peer, widened }, at: 'peerDependencies.fastify', fix: (next) => void (next.peerDependencies!.fastify = widened), onceGreen: true });
    }
  },
};
export default rule;
