import { describe, expect, it } from 'vitest';
import { ciMatrix } from './ci-matrix.ts';

describe('ciMatrix', () => {
  it("runs the library's own tests once per major, installed by its own package manager", () => {
    const npm = ciMatrix('widgetkit', ['4', '5'], 'npm');
    expect(npm).toContain("        widgetkit: ['4', '5']");
    expect(npm.split('\n').filter((l) => l.startsWith('      - run: '))).toEqual([
      '      - run: npm ci',
      '      - run: npm install --no-save widgetkit@${{ matrix.widgetkit }}',
      '      - run: npm test',
    ]);
    const pnpm = ciMatrix('widgetkit', ['4', '5'], 'pnpm');
    expect(pnpm).toContain('pnpm/action-setup');
    expect(pnpm).toContain('pnpm install --frozen-lockfile');
    expect(pnpm).toContain('      - run: pnpm test');
  });
});
