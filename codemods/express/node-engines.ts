/**
 * @module codemods/express/node-engines
 * Row 1: Express 5 (and router 2, body-parser 2) need Node.js 18 or newer.
 */
import semver from 'semver';
import type { ProjectRule } from '../../src/authoring.ts';

const rule: ProjectRule = {
  id: 'node-engines',
  meta: {
    description: 'Require Node.js 18 or newer in `engines.node`, as Express 5 does',
    rows: [1],
    kind: 'new',
    messages: {
      tooOld: '`engines.node` is "{{range}}", which allows Node.js versions older than 18. Express 5 needs Node.js 18 or newer: use ">=18".',
    },
  },
  check(context) {
    const range = context.packageJson.engines?.node;
    if (!range || !semver.validRange(range)) return;
    const lowest = semver.minVersion(range);
    if (!lowest || semver.gte(lowest, '18.0.0')) return;
    context.report({
      messageId: 'tooOld',
      data: { range },
      at: 'engines.node',
      // Express 4 still runs on those versions: only the new-major target narrows the range.
      fix: context.options.target === 'new' ? (pkg) => void (pkg.engines!.node = '>=18') : undefined,
    });
  },
};
export default rule;
