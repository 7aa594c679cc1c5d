/**
 * The pretty summary: a message repeated at many sites is printed once, its sites listed under it.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../../src/engine/run.ts';
import { REPO_ROOT } from '../../../src/matrix/_test-support.ts';
import { formatRunReport } from '../../../src/reporters/pretty.ts';
import { ODD_FILE, scanProject } from './_test-support.ts';

let report: RunReport;
let rules: Awaited<ReturnType<typeof scanProject>>['rules'];
beforeAll(async () => void ({ report, rules } = await scanProject()));

describe('pretty reporter', () => {
  it('prints a repeated message once, with every site of it under it', () => {
    const text = formatRunReport(report);
    const repeated = report.findings.filter((f) => f.ruleId === 'app-del');
    const message = repeated[0]!.message;
    expect(repeated.length).toBeGreaterThan(2);
    expect(repeated.every((f) => f.message === message)).toBe(true);
    expect(text.split(message)).toHaveLength(2);
    const lines = text.split('\n');
    const header = lines.findIndex((line) => line.includes(message));
    expect(lines[header]).toMatch(/^fixable\s+app-del row 3 {2}/);
    const sites = repeated.map((f) => `  ${f.file}:${f.line}:${f.column}`).sort();
    expect(lines.slice(header + 1, header + 1 + sites.length)).toEqual(sites);
    expect(sites).toContain(`  ${ODD_FILE}:4:5`);
  });

  it('names the pack in its hint as the user did: an id, or the path a pack was loaded from', () => {
    expect(formatRunReport(report)).toContain('(run `straddle fix express`)');
    expect(formatRunReport(report, { packArg: './packs/express-fork' })).toContain('(run `straddle fix ./packs/express-fork`)');
  });

  it('prints every finding once: each site under exactly one message', () => {
    const text = formatRunReport(report);
    for (const f of report.findings) expect(text.split(`\n  ${f.file}:${f.line}:${f.column}\n`)).toHaveLength(2);
    expect(text).toMatch(new RegExp(`${report.findings.length} findings in 2 files`));
  });

  it('says which sites only names tie to the framework, and paints only in colour mode', () => {
    const text = formatRunReport(report);
    expect(text).toMatch(/^fixable\? +res-send-status .*--assume-handlers rewrites it\)$/m);
    const colored = formatRunReport(report, { color: true });
    expect(colored).not.toBe(text);
    expect(stripVTControlCharacters(colored)).toBe(text);
  });

  it("ends with one line that resolves every \"row N\" it printed to the pack's breaking-change table", () => {
    const text = formatRunReport(report, { rules });
    const legend = text.split('\n').filter((line) => line.includes('row N: '));
    expect(legend).toEqual([`  row N: ${pathToFileURL(path.join(REPO_ROOT, 'docs/express/breaking-changes.md')).href}#row-N`]);
    expect(formatRunReport(report)).not.toContain('row N');
  });

  it('names a file whose fixes did not settle, and says it was written as the last pass left it', () => {
    const text = formatRunReport({ ...report, mode: 'fix', unsettled: [{ file: 'app.js', passes: 5, rules: ['a-to-b', 'b-to-a'] }] });
    expect(text).toContain('app.js: fixes still changed it after 5 passes (a-to-b, b-to-a keep rewriting): written as the last pass left it');
    expect(formatRunReport(report)).not.toContain('passes (');
  });
});
