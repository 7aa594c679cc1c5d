/**
 * @module codemods/express/dependency-majors
 * Rows 2 and 57: dependencies that break, or must move, with Express 5: packages reaching into Express 4's
 * internals, jest versions that cannot load Express 5's `node:` requires, and the major of `@types/express`.
 */
import semver from 'semver';
import type { PackageJson, ProjectRule } from '../../src/authoring.ts';

/** Packages that patch or read Express 4 internals (`express/lib/router/layer`, `app._router`). */
const INTERNALS: Record<string, string> = {
  'express-async-errors': 'it patches `express/lib/router/layer`, which Express 5 no longer has; Express 5 forwards rejected promises itself and the straddle shim feature `async-handler` does it on 4: remove it',
  'express-list-endpoints': 'versions before 7 read `app._router.stack`: upgrade to ^7',
  'express-list-routes': 'versions before 1.3 read `app._router`: upgrade to ^1.3 or use the straddle shim route-stack helper',
  'express-promise-router': 'versions before 4.1 wrap Express 4 layers: upgrade to ^4.1',
};
const FIXED_IN: Record<string, string> = { 'express-list-endpoints': '7.0.0', 'express-list-routes': '1.3.0', 'express-promise-router': '4.1.0' };

const SECTIONS = ['dependencies', 'devDependencies'] as const;

/** jest 27 and the companions that must move with it (each only where the project has it below 27). */
const JEST_27: Record<string, string> = {
  jest: '^27.5.1', 'babel-jest': '^27.5.1', 'ts-jest': '^27.1.5', '@types/jest': '^27.5.2', 'jest-circus': '^27.5.1',
  'jest-environment-node': '^27.5.1', 'jest-environment-jsdom': '^27.5.1', 'jest-cli': '^27.5.1',
};

/** jest ≤ 26 → 27 with its companions; jest 27 made `node` the default environment, which is what Express suites use. */
function bumpJest(pkg: PackageJson): void {
  for (const section of SECTIONS) {
    const deps = pkg[section] as Record<string, string> | undefined;
    for (const [name, range] of Object.entries(JEST_27)) {
      const min = deps?.[name] ? lowest(deps[name]!) : undefined;
      if (min && semver.lt(min, '27.0.0')) deps![name] = range;
    }
  }
}

function* dependencies(pkg: PackageJson): Generator<[section: (typeof SECTIONS)[number], name: string, range: string]> {
  for (const section of SECTIONS) for (const [name, range] of Object.entries(pkg[section] ?? {})) yield [section, name, range];
}

/** The lowest version a range allows, or undefined for tags, URLs and workspaces. */
export const lowest = (range: string) => (semver.validRange(range) ? semver.minVersion(range) : null) ?? undefined;

const rule: ProjectRule = {
  id: 'dependency-majors',
  meta: {
    description: 'Find dependencies that break with Express 5 or must change major with it',
    rows: [2, 57],
    kind: 'report',
    // jest ≤ 26 failing on Express 5's `require('node:…')`, and packages requiring Express 4's internal modules
    signatures: [/Cannot find module 'node:\w+'/, /ENOENT: no such file or directory, open 'node:\w+'/, /Cannot find module 'express\/lib\//],
    messages: {
      internals: '`{{name}}` does not work on Express 5: {{why}}.',
      oldJest: '`jest` {{range}} cannot resolve the `node:` built-ins that Express 5\'s dependencies require, so whole test files fail to load. Upgrade jest to 27 or newer (it learned `node:` in 27).',
      typesMajor: '`@types/express` {{range}} describes Express 4. Keep it while the code runs on both majors; `straddle finish express` moves it to ^5.',
      expressMajor: '`express` {{range}} is Express 4. `straddle finish express` moves it to ^5 once Express 4 is dropped.',
      peerRange: '`express` {{range}} in peerDependencies leaves out Express 5. Once the library\'s tests pass on both majors, declare both: `{{widened}}` (`straddle upgrade` does it then).',
      pathToRegexp: '`path-to-regexp` {{range}} is a direct dependency: paths it builds for Express 4 mean something else to Express 5 (path-to-regexp 8). Check what it is used for.',
    },
  },
  check(context) {
    const finishing = context.options.target === 'new';
    for (const [section, name, range] of dependencies(context.packageJson)) {
      const min = lowest(range);
      if (name in INTERNALS && (!FIXED_IN[name] || (min && semver.lt(min, FIXED_IN[name]!)))) {
        context.report({ messageId: 'internals', data: { name, why: INTERNALS[name]! }, at: `${section}.${name}` });
      } else if (name === 'jest' && min && semver.lt(min, '27.0.0')) {
        // a toolchain fix: applied by the upgrade loop only when failing tests show jest cannot load Express 5
        context.report({ messageId: 'oldJest', data: { range }, at: `${section}.${name}`, fix: bumpJest, toolchain: true });
      } else if (name === '@types/express' && min?.major === 4) {
        context.report({ messageId: 'typesMajor', data: { range }, at: `${section}.${name}`, note: !finishing, fix: finishing ? (pkg) => void (pkg[section]![name] = '^5.0.0') : undefined });
      } else if (name === 'express' && min?.major === 4 && finishing) {
        context.report({ messageId: 'expressMajor', data: { range }, at: `${section}.${name}`, fix: (pkg) => void (pkg[section]![name] = '^5.1.0') });
      } else if (name === 'path-to-regexp' && min?.major === 0) {
        context.report({ messageId: 'pathToRegexp', data: { range }, at: `${section}.${name}` });
      }
    }
    const peer = context.packageJson.peerDependencies?.express;
    if (peer && !finishing && semver.validRange(peer) && !semver.intersects(peer, '>=5.0.0 <6.0.0')) {
      const widened = `${peer} || ^5.0.0`;
      context.report({ messageId: 'peerRange', data: { range: peer, widened }, at: 'peerDependencies.express', fix: (pkg) => void (pkg.peerDependencies!.express = widened), onceGreen: true });
    }
  },
};
export default rule;
