/**
 * @module upgrade/ci-matrix
 * The GitHub Actions job a library needs once it serves both majors: its own tests, once per major, with the
 * package swapped in by the project's own package manager (the lockfile pins one major; CI must try the other too),
 * with the companions a major needs beside it (plugins that serve one major only) as the matrix ran them.
 */
import type { ManagerName } from '../project/package-manager.ts';

const INSTALL: Record<ManagerName, { frozen: string; add: (spec: string) => string }> = {
  npm: { frozen: 'npm ci', add: (spec) => `npm install --no-save ${spec}` },
  pnpm: { frozen: 'pnpm install --frozen-lockfile', add: (spec) => `pnpm add --save-dev ${spec}` },
  yarn: { frozen: 'yarn install --frozen-lockfile', add: (spec) => `yarn add --dev ${spec}` },
  bun: { frozen: 'bun install --frozen-lockfile', add: (spec) => `bun add --dev ${spec}` },
};

/** `companions`: per major, the packages (`name@range`) its job installs beside it. */
export function ciMatrix(packageName: string, majors: readonly string[], pm: ManagerName, companions: Readonly<Record<string, readonly string[]>> = {}): string {
  const install = INSTALL[pm];
  const beside = majors.filter((major) => companions[major]?.length);
  // an include entry that names an existing major adds its `with` to that job only
  const include = beside.length
    ? ['        include:', ...beside.flatMap((major) => [`          - ${packageName}: '${major}'`, `            with: '${companions[major]!.join(' ')}'`])]
    : [];
  const setup = pm === 'pnpm' ? ['      - uses: pnpm/action-setup@v4'] : pm === 'bun' ? ['      - uses: oven-sh/setup-bun@v2'] : [];
  return [
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    strategy:',
    '      matrix:',
    `        ${packageName}: [${majors.map((m) => `'${m}'`).join(', ')}]`,
    ...include,
    '    steps:',
    '      - uses: actions/checkout@v4',
    ...setup,
    '      - uses: actions/setup-node@v4',
    '        with:',
    '          node-version: 20',
    `      - run: ${install.frozen}`,
    `      - run: ${install.add(`${packageName}@\${{ matrix.${packageName} }}${beside.length ? ' ${{ matrix.with }}' : ''}`)}`,
    `      - run: ${pm === 'npm' ? 'npm' : pm} test`,
  ].join('\n');
}
