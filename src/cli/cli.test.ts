/**
 * Argument parsing, tested apart from the commands (changesets' way): each argv must reach its command as exactly
 * this options object, and the exit code must follow the documented scheme.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const report = { findings: [], errors: [], changed: [], patches: [], project: { findings: [] } };
const scan = vi.fn(async (_options: unknown) => report);
const fix = vi.fn(async (_options: unknown) => report);
const upgrade = vi.fn(async (_options: unknown) => 0);
vi.mock('./commands/scan.ts', () => ({ scan }));
vi.mock('./commands/fix.ts', () => ({ fix }));
vi.mock('./commands/upgrade.ts', () => ({ upgrade }));
vi.mock('../reporters/pretty.ts', () => ({ formatRunReport: () => '' }));

const { runCli } = await import('./run.ts');

beforeEach(() => {
  vi.clearAllMocks();
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('straddle argument parsing', () => {
  it('scan: pack, default dir, repeated and comma-separated lists, --no-types', async () => {
    expect(await runCli(['scan', 'express', '--only', 'app-del,req-param', '--only', 'route-path', '--no-types', '--jobs', '0'])).toBe(0);
    expect(scan.mock.calls[0]![0]).toMatchObject({
      pack: 'express',
      cwd: '.',
      only: ['app-del', 'req-param', 'route-path'],
      skip: undefined,
      assumeHandlers: undefined,
      jobs: 0,
      types: false,
    });
  });

  it('fix: --target 5 means the new-major target, --dry-run and --force pass through', async () => {
    await runCli(['fix', 'express', 'src', '--target', '5', '--dry-run', '--force', '--assume-handlers']);
    expect(fix.mock.calls[0]![0]).toMatchObject({ pack: 'express', cwd: 'src', target: 'new', dryRun: true, force: true, assumeHandlers: true, types: true });
  });

  it('upgrade: the command after -- is the test command', async () => {
    await runCli(['upgrade', 'express', 'src', '--commit', '--max-iterations', '3', '--', 'npx', 'vitest', 'run']);
    expect(upgrade.mock.calls[0]![0]).toMatchObject({ pack: 'express', cwd: 'src', commit: true, maxIterations: 3, testEdits: true, command: ['npx', 'vitest', 'run'] });
    await runCli(['upgrade', 'express', 'src', '--no-test-edits']);
    expect(upgrade.mock.calls[1]![0]).toMatchObject({ testEdits: false });
  });

  it('exits 2 on usage errors and with no arguments', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await runCli([])).toBe(2);
    expect(await runCli(['scan'])).toBe(2);
    expect(scan).not.toHaveBeenCalled();
  });
});
