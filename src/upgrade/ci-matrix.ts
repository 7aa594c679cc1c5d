/**
 * @module upgrade/ci-matrix
 * The GitHub Actions job a library needs once it serves both majors: its own tests, once per major, with the
 * package swapped in by the project's own package manager (the lockfile pins one major; CI must try the other too).
 */
import type { ManagerName } from '../project/package-manager.ts';

const INSTALL: Record<ManagerName, { frozen: string; add: (spec: string) => string }> = {
  npm: { frozen: 'npm ci', add: (spec) => `npm install --no-save ${spec}` },
  pnpm: { frozen: 'pnpm install --frozen-lockfile', add: (spec) => `pnpm add --save-dev ${spec}` },
  yarn: { frozen: 'yarn install --frozen-lockfile', add: (spec) => `yarn add --dev ${spec}` },
  bun: { frozen: 'bun install --frozen-lockfile', add: (spec) => `bun add --dev ${spec}` },
};

export function ciMatrix(packageName: string, majors: readonly string[], pm: ManagerName): string {
  const install = INSTALL[pm];
  const setup = pm === 'pnpm' ? ['      - uses: pnpm/action-setup@v4'] : pm === 'bun' ? ['      - uses: oven-sh/setup-bun@v2'] : [];
  return [
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    strategy:',
    '      matrix:',
    `        ${packageName}: [${majors.map((m) => `'${m}'`).join(', ')}]`,
    '    steps:',
    '      - uses: actions/checkout@v4',
    ...setup,
    '      - uses: actions/setup-node@v4',
    '        with:',
    '          node-version: 20',
    `      - run: ${install.frozen}`,
    `      - run: ${install.add(`${packageName}@\${{ matrix.${packageName} }}`)}`,
    `      - run: ${pm === 'npm' ? 'npm' : pm} test`,
  ].join('\n');
}
