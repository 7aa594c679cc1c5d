/**
 * SARIF output against the official 2.1.0 schema, and what code scanning reads from it: rules with their docs pages,
 * one result per site at its line and column, levels from `--fail-on`, skipped files as notifications.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../../src/engine/run.ts';
import { loadPack } from '../../../src/packs.ts';
import type { RuleSummary } from '../../../src/cli/commands/rules.ts';
import path from 'node:path';
import { REPO_ROOT } from '../../../src/matrix/_test-support.ts';
import { sarifValidator } from '../../../src/reporters/_test-support.ts';
import { scanProject } from './_test-support.ts';
import { formatSarif, toSarif } from '../../../src/reporters/sarif.ts';

let report: RunReport;
let rules: RuleSummary[];
beforeAll(async () => void ({ report, rules } = await scanProject()));

const validate = sarifValidator();

describe('SARIF reporter', () => {
  it('writes a log the 2.1.0 schema accepts, and the schema check can fail', () => {
    const log = JSON.parse(formatSarif(report, { rules, failOn: 'breaking' }));
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);

    const [result] = log.runs[0].results;
    const broken = [
      { ...log, version: '2.0.0' },
      { ...log, runs: [{ ...log.runs[0], results: [{ ...result, message: undefined }] }] },
      { ...log, runs: [{ ...log.runs[0], results: [{ ...result, level: 'fatal' }] }] },
      { ...log, runs: [{ ...log.runs[0], tool: { driver: { version: '1' } } }] },
    ];
    for (const bad of broken) expect(validate(JSON.parse(JSON.stringify(bad))), JSON.stringify(bad).slice(0, 80)).toBe(false);
  });

  it("names the tool and lists the pack's rules with their docs pages", async () => {
    const pack = await loadPack('express');
    const { driver } = toSarif(report, { rules }).runs[0]!.tool;
    // no informationUri: straddle has no web site to name
    expect(driver).toMatchObject({ name: 'straddle', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(driver).not.toHaveProperty('informationUri');
    expect(driver.rules.map((r) => r.id).sort()).toEqual([...pack.rules, ...(pack.projectRules ?? [])].map((r) => r.id).sort());
    for (const rule of driver.rules) expect(rule.helpUri).toBe(pack.docsUrl(rule.id));
    // every row a rule cites resolves to its anchor in the shipped table
    for (const rule of driver.rules) expect(rule.properties.rowDocs).toEqual(rule.properties.rows.map((row) => pack.rowUrl!(row)));
    expect(driver.rules.find((r) => r.id === 'app-del')?.properties.rowDocs).toEqual([`${pathToFileURL(path.join(REPO_ROOT, 'docs/express/breaking-changes.md')).href}#row-3`]);
  });

  it('puts each finding at its file, line and column, relative to the scanned folder', () => {
    const run = toSarif(report, { rules }).runs[0]!;
    expect(run.results).toHaveLength(report.findings.length);
    run.results.forEach((result, i) => {
      const finding = report.findings[i]!;
      expect(run.tool.driver.rules[result.ruleIndex!]!.id).toBe(finding.ruleId);
      expect(result.message.text).toBe(finding.message);
      const { artifactLocation, region } = result.locations[0]!.physicalLocation;
      expect(decodeURIComponent(artifactLocation.uri)).toBe(finding.file);
      expect(region).toEqual({ startLine: finding.line, startColumn: finding.column });
      const base = run.originalUriBaseIds[artifactLocation.uriBaseId]!.uri;
      expect(fileURLToPath(new URL(artifactLocation.uri, base))).toBe(`${report.cwd}/${finding.file}`);
    });
    expect(run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toContain('routes/a%20b%231%2C2.js');
  });

  it('marks what --fail-on fails on as error, the rest as warning, notes as note', () => {
    const levels = (failOn?: 'fixable' | 'breaking') =>
      Object.fromEntries(toSarif(report, { rules, failOn }).runs[0]!.results.map((r) => [r.ruleId, r.level]));
    expect(levels('fixable')).toEqual({
      'app-del': 'error', 'async-handler': 'warning', 'express-query-middleware': 'warning', 'res-send-status': 'warning', 'urlencoded-extended': 'note',
    });
    expect(levels('breaking')).toMatchObject({ 'async-handler': 'error', 'express-query-middleware': 'error', 'res-send-status': 'warning' });
    expect(levels()).toMatchObject({ 'res-send-status': 'error', 'urlencoded-extended': 'note' });
  });

  it('reports a file it could not scan as a notification of the invocation', () => {
    const [invocation] = toSarif(report, { rules, failOn: 'fixable' }).runs[0]!.invocations;
    expect(invocation!.toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: expect.stringMatching(/^broken\.js: does not parse/) }, locations: [expect.objectContaining({})] },
    ]);
    expect(toSarif(report, { rules, failOn: 'breaking' }).runs[0]!.invocations[0]!.toolExecutionNotifications[0]!.level).toBe('error');
  });
});
