/**
 * @module codemods/express/typescript-major
 * Row 57: `@types/express@5` (and the `express-serve-static-core` it brings) is written for TypeScript 5.6 and up: an
 * older compiler in the project's test script (`tsc` checking its typings) fails to even parse it, with every test
 * passing. A toolchain fix, applied by the upgrade loop only when such a failure proves it, and kept only if nothing
 * gets worse (a newer compiler may find errors of its own in the project's code).
 */
import semver from 'semver';
import type { ProjectRule } from '../../src/authoring.ts';
import { lowest } from './dependency-majors.ts';

const NEEDED = '5.6.0';
const SECTIONS = ['devDependencies', 'dependencies'] as const;

const rule: ProjectRule = {
  id: 'typescript-major',
  meta: {
    description: 'Move a TypeScript too old to read `@types/express@5` to one that can, when failing type checks prove it',
    rows: [57],
    kind: 'report',
    // tsc's syntax errors (TS1xxx) inside the Express types: the compiler, not the code, is too old (old tsc colours
    // `error` even into a pipe)
    signatures: [/@types\/express[\w-]*\/[^\s:]*\.d\.ts\(\d+,\d+\): (?:\x1b\[\d+m)?error(?:\x1b\[\d+m)? TS1\d{3}:/],
    messages: {
      oldTypescript:
        '`typescript` {{range}} cannot parse `@types/express@5`, written for TypeScript {{needed}} and up: type checks fail on Express 5 before reading your code. Upgrade typescript to ^{{needed}} or newer.',
    },
  },
  check(context) {
    const pkg = context.packageJson;
    const types = SECTIONS.some((s) => pkg[s]?.['@types/express']);
    for (const section of SECTIONS) {
      const range = pkg[section]?.typescript;
      const min = range ? lowest(range) : undefined;
      if (!types || !min || semver.gte(min, NEEDED)) continue;
      context.report({
        messageId: 'oldTypescript',
        data: { range: range!, needed: NEEDED },
        at: `${section}.typescript`,
        fix: (json) => void (json[section]!.typescript = `^${NEEDED}`),
        toolchain: true,
      });
    }
  },
};
export default rule;
