/**
 * Argument parsing, tested apart from the commands (changesets' way): each argv must reach its command as exactly
 * this options object, and the exit code must follow the documented scheme.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const report = { pack: 'express', findings: [], errors: [], changed: [], patches: [], project: { findings: [] } };
const scan = vi.fn(async (_options: unknown) => report);
const fix = vi.fn(async (_options: unknown) => report);
const upgrade = vi.fn(async (_options: unknown) => ({ ok: true }));
vi.mock('../../../src/cli/commands/scan.ts', () => ({ scan }));
vi.mock('../../../src/cli/commands/fix.ts', () => ({ fix }));
vi.mock('../../../src/cli/commands/upgrade.ts', () => ({ upgrade }));
const formatFindings = vi.fn((_report: unknown, _format: string, _context: unknown) => '');
vi.mock('../../../src/reporters/index.ts', () => ({ formatFindings, formatReport: () => '', print: () => undefined }));

const { runCli } = await import('../../../src/cli/run.ts');

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

  it('fix: --target (read against the pack by fix), --dry-run and --force pass through', async () => {
    await runCli(['fix', 'express', 'src', '--target', '5', '--dry-run', '--force', '--assume-handlers']);
    expect(fix.mock.calls[0]![0]).toMatchObject({ pack: 'express', cwd: 'src', target: '5', dryRun: true, force: true, assumeHandlers: true, types: true });
  });

  it('upgrade: the command after -- is the test command', async () => {
    await runCli(['upgrade', 'express', 'src', '--commit', '--max-iterations', '3', '--', 'npx', 'vitest', 'run']);
    expect(upgrade.mock.calls[0]![0]).toMatchObject({ pack: 'express', cwd: 'src', commit: true, maxIterations: 3, testEdits: true, command: ['npx', 'vitest', 'run'] });
    await runCli(['upgrade', 'express', 'src', '--no-test-edits']);
    expect(upgrade.mock.calls[1]![0]).toMatchObject({ testEdits: false });
    // library mode: detected unless asked for either way
    expect((upgrade.mock.calls[0]![0] as { library?: boolean }).library).toBeUndefined();
    await runCli(['upgrade', 'express', 'src', '--library']);
    expect(upgrade.mock.calls[2]![0]).toMatchObject({ library: true });
    await runCli(['upgrade', 'express', 'src', '--no-library']);
    expect(upgrade.mock.calls[3]![0]).toMatchObject({ library: false });
  });

  it('--format picks the reporter, --json is --format json, --fail-on reaches the reporter', async () => {
    expect(await runCli(['scan', 'express', '--format', 'sarif', '--fail-on', 'breaking'])).toBe(0);
    expect(formatFindings.mock.calls[0]!.slice(1)).toEqual(['sarif', expect.objectContaining({ failOn: 'breaking', rules: expect.arrayContaining([expect.objectContaining({ id: 'app-del' })]) })]);
    await runCli(['fix', 'express', '--json', '--dry-run']);
    expect(formatFindings.mock.calls[1]![1]).toBe('json');
    await runCli(['scan', 'express']);
    // pretty output also gets the rules (its last line says where the rows it cites are explained) and the pack as typed
    expect(formatFindings.mock.calls[2]!.slice(1)).toEqual(['pretty', { rules: expect.arrayContaining([expect.objectContaining({ id: 'app-del', rowDocs: [expect.stringMatching(/breaking-changes\.md#row-3$/)] })]), failOn: undefined, packArg: 'express' }]);
  });

  it('turns an unknown --format or --fail-on into one line and exit 2, before running anything', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const cases: [string[], RegExp][] = [
      [['scan', 'express', '--format', 'xml'], /^straddle: --format takes pretty, json, sarif, github, not "xml"\. \(E_BAD_VALUE\)$/],
      [['scan', 'express', '--fail-on', 'all'], /^straddle: --fail-on takes fixable, breaking, any, not "all"\. \(E_BAD_VALUE\)$/],
      [['scan', 'express', '--json', '--format', 'sarif'], /^straddle: --json means --format json, not --format sarif\./],
      [['rules', 'express', '--format', 'github'], /^straddle: --format takes pretty, json, not "github"\./],
      [['upgrade', 'express', '--format', 'sarif'], /^straddle: --format takes pretty, json, not "sarif"\./],
      [['fix', 'express', '--fail-on', 'any'], /^straddle: Unknown option --fail-on\./],
    ];
    for (const [args, message] of cases) {
      err.mockClear();
      expect(await runCli(args), args.join(' ')).toBe(2);
      expect(err.mock.calls.map((call) => String(call[0])), args.join(' ')).toEqual([expect.stringMatching(message)]);
    }
    expect(scan).not.toHaveBeenCalled();
    expect(fix).not.toHaveBeenCalled();
    expect(upgrade).not.toHaveBeenCalled();
  });

  it('exits 2 on usage errors and with no arguments', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await runCli([])).toBe(2);
    expect(await runCli(['scan'])).toBe(2);
    expect(scan).not.toHaveBeenCalled();
  });
});
