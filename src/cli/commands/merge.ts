/**
 * @module cli/commands/merge
 * `straddle merge <report.json…>`: the JSON reports of a sharded run (`scan`/`fix`/`test --shard k/n --json`, one a
 * CI job) read back as one report, which the CLI prints in any format of its kind and judges as the whole run.
 */
import { readFileSync } from 'node:fs';
import { mergeRunReports } from '../../engine/merge.ts';
import type { RunReport } from '../../engine/run.ts';
import { StraddleError } from '../../errors.ts';
import { mergeMatrixReports } from '../../matrix/merge.ts';
import type { MatrixJson } from '../../reporters/machine.ts';

export type Merged = { kind: 'findings'; report: RunReport } | { kind: 'matrix'; report: MatrixJson };

function read(file: string): RunReport | MatrixJson {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StraddleError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not a JSON report (${(error as Error).message})`}.`, 'E_BAD_REPORT');
  }
  if (isRunReport(data) || isMatrixJson(data)) return data;
  throw new StraddleError(`${file} is not the JSON of \`straddle scan\`, \`fix\` or \`test\` (--json).`, 'E_BAD_REPORT');
}

const isRunReport = (data: unknown): data is RunReport => typeof data === 'object' && data !== null && 'mode' in data && 'findings' in data;
const isMatrixJson = (data: unknown): data is MatrixJson => typeof data === 'object' && data !== null && 'results' in data && 'schemaVersion' in data;

export function merge(files: readonly string[]): Merged {
  if (!files.length) throw new StraddleError('Name the shards\' JSON reports: `straddle merge shard-1.json shard-2.json …`.', 'E_BAD_REPORT');
  const reports = files.map(read);
  const runs = reports.filter(isRunReport);
  if (runs.length && runs.length < reports.length) throw new StraddleError('These are reports of different commands (scan or fix, and test): merge the parts of one run.', 'E_SHARDS');
  if (runs.length) {
    // what the JSON format adds for its readers is not part of the run
    const parts = runs.map(({ rowDocs: _rowDocs, ...run }: RunReport & { rowDocs?: unknown }) => run);
    return { kind: 'findings', report: mergeRunReports(parts) };
  }
  return { kind: 'matrix', report: mergeMatrixReports(reports as MatrixJson[]) };
}
