/**
 * GitHub Actions annotations: one workflow command per site, escaped as the runner unescapes them, at the path the
 * runner resolves from its workspace, `::error` exactly for what `--fail-on` fails on.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RuleSummary } from '../../../src/cli/commands/rules.ts';
import type { RunReport } from '../../../src/engine/run.ts';
import { failsOn } from '../../../src/reporters/fail-on.ts';
import { escapeData, escapeProperty, formatGithub } from '../../../src/reporters/github.ts';
import { ODD_FILE, scanProject } from './_test-support.ts';

let report: RunReport;
let rules: RuleSummary[];
beforeAll(async () => void ({ report, rules } = await scanProject()));

/** The runner's side: a workflow command line back into its parts. */
function parse(line: string) {
  const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescape = (text: string) => text.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const properties = Object.fromEntries(match[2]!.split(',').map((pair) => pair.split('=') as [string, string]).map(([k, v]) => [k, unescape(v)]));
  return { command: match[1]!, properties, message: unescape(match[3]!) };
}

describe('GitHub annotations', () => {
  it('escape what the runner would read as syntax, in messages and in properties', () => {
    expect(escapeData('100% sure\r\nnext: a,b')).toBe('100%25 sure%0D%0Anext: a,b');
    expect(escapeProperty('a b#1,2.js: 50%')).toBe('a b#1%2C2.js%3A 50%25');
  });

  it('annotate each site with its rule, line, column and message, linking the rule page', () => {
    const lines = formatGithub(report, { rules, base: report.cwd }).split('\n').map(parse);
    const sites = lines.filter((l) => l.properties.line);
    expect(sites).toHaveLength(report.findings.length);
    for (const finding of report.findings) {
      const docs = rules.find((r) => r.id === finding.ruleId)!.docs;
      expect(sites).toContainEqual({
        command: finding.note ? 'notice' : 'error',
        properties: { file: finding.file, line: String(finding.line), col: String(finding.column), title: finding.ruleId },
        message: `${finding.message}\nDetails: ${docs}`,
      });
    }
    expect(sites.map((s) => s.properties.file)).toContain(ODD_FILE);
    expect(lines.find((l) => !l.properties.line)).toEqual({
      command: 'error',
      properties: { file: 'broken.js', title: 'straddle: not scanned' },
      message: expect.stringMatching(/^does not parse, left untouched: /),
    });
  });

  it('use ::error only for what --fail-on fails on, ::warning for the rest, ::notice for notes', () => {
    const lines = formatGithub(report, { rules, failOn: 'fixable', base: report.cwd }).split('\n').map(parse);
    const byRule = new Map(lines.filter((l) => l.properties.line).map((l) => [l.properties.title, l.command]));
    for (const finding of report.findings) {
      expect(byRule.get(finding.ruleId), finding.ruleId).toBe(finding.note ? 'notice' : failsOn(finding, 'fixable') ? 'error' : 'warning');
    }
    expect(new Set(byRule.values())).toEqual(new Set(['error', 'warning', 'notice']));
    expect(lines.find((l) => l.properties.title === 'straddle: not scanned')!.command).toBe('warning');
  });

  it('give paths from the workspace root (the working directory), not from the scanned folder', () => {
    const parent = path.dirname(report.cwd);
    const files = formatGithub(report, { rules, base: parent }).split('\n').map((line) => parse(line).properties.file);
    expect(files).toContain(`${path.basename(report.cwd)}/app.js`);
    expect(files.every((file) => file!.startsWith(`${path.basename(report.cwd)}/`))).toBe(true);
  });
});
