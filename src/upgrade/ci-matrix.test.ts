import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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

  it('installs the companions a major needs in its own job only, and is YAML that says so', () => {
    const text = ciMatrix('widgetkit', ['1', '2'], 'npm', { '2': ['widgetkit-sessions@^2.0.0', 'widgetkit-auth@^5.0.0'] });
    const job = parse(text) as { jobs: { test: { strategy: { matrix: Record<string, unknown> }; steps: Array<{ run?: string }> } } };
    expect(job.jobs.test.strategy.matrix).toEqual({ widgetkit: ['1', '2'], include: [{ widgetkit: '2', with: 'widgetkit-sessions@^2.0.0 widgetkit-auth@^5.0.0' }] });
    expect(job.jobs.test.steps.map((step) => step.run).filter(Boolean)).toContain('npm install --no-save widgetkit@${{ matrix.widgetkit }} ${{ matrix.with }}');
    expect(ciMatrix('widgetkit', ['1', '2'], 'npm', { '2': [] })).toBe(ciMatrix('widgetkit', ['1', '2'], 'npm'));
  });
});
