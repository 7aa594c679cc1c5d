/**
 * @module reporters/sarif
 * Findings as SARIF 2.1.0, the format code scanning reads (`github/codeql-action/upload-sarif`): one run, the pack's
 * rules as the driver's rules (with their docs pages), one result per site, files the run skipped as notifications.
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import packageJson from '../../package.json' with { type: 'json' };
import type { RunReport } from '../engine/run.ts';
import type { Finding } from '../rule.ts';
import { levelOf, publishedFindings, skippedFail } from './fail-on.ts';
import type { FindingsContext } from './index.ts';
import { formatJson } from './json.ts';
import { describeSkipped } from './pretty.ts';

/** Result paths are relative to the scanned folder, which this base id names (its absolute URL is in the run). */
const ROOT = 'SCANROOT';

/** A relative path as a URI reference: forward slashes, each segment percent-encoded (spaces, `#`, `?`). */
const uriOf = (file: string) => file.split(/[\\/]/).map(encodeURIComponent).join('/');

const locationOf = (file: string, region?: { startLine: number; startColumn: number }) => ({
  physicalLocation: { artifactLocation: { uri: uriOf(file), uriBaseId: ROOT }, ...(region && { region }) },
});

export function toSarif(report: RunReport, context: FindingsContext) {
  const ruleIndex = new Map(context.rules.map((rule, index) => [rule.id, index]));
  const result = (finding: Finding) => ({
    ruleId: finding.ruleId,
    ...(ruleIndex.has(finding.ruleId) && { ruleIndex: ruleIndex.get(finding.ruleId) }),
    level: levelOf(finding, context.failOn),
    message: { text: finding.message },
    locations: [locationOf(finding.file, { startLine: finding.line, startColumn: finding.column })],
    properties: { fixable: finding.fixable, fixed: finding.fixed, confidence: finding.confidence, rows: finding.rows },
  });
  const skippedLevel = skippedFail(context.failOn) ? 'error' : 'warning';
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'straddle',
            version: packageJson.version,
            semanticVersion: packageJson.version,
            rules: context.rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              helpUri: rule.docs,
              properties: { kind: rule.kind, rows: rule.rows, rowDocs: rule.rowDocs, scope: rule.scope },
            })),
          },
        },
        originalUriBaseIds: { [ROOT]: { uri: pathToFileURL(path.resolve(report.cwd) + path.sep).href } } as Record<string, { uri: string }>,
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.errors.map((error) => ({
              level: skippedLevel,
              message: { text: `${error.file}: ${describeSkipped(error)}` },
              locations: [locationOf(error.file)],
            })),
          },
        ],
        results: publishedFindings(report).map(result),
      },
    ],
  };
}

export const formatSarif = (report: RunReport, context: FindingsContext): string => formatJson(toSarif(report, context));
