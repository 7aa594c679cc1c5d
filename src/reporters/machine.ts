/**
 * @module reporters/machine
 * The JSON `test`, `upgrade` and `replay` print, for CI to read: versioned (`schemaVersion`), with every path in it relative to
 * the project it ran in (the caller knows where that is; an absolute path would only name a machine), and described
 * by a JSON Schema under docs/schemas/ that the tests hold real reports to. A change a reader could trip on (a field
 * renamed, removed or retyped) bumps SCHEMA_VERSION and the schema's file name with it.
 */
import type { MatrixReport } from '../matrix/types.ts';
import type { ReplayReport } from '../replay/replay.ts';
import type { UpgradeReport } from '../upgrade/loop.ts';

export const SCHEMA_VERSION = 1;

export type MatrixJson = { schemaVersion: typeof SCHEMA_VERSION } & Omit<MatrixReport, 'cwd'>;
export type UpgradeJson = { schemaVersion: typeof SCHEMA_VERSION } & Omit<UpgradeReport, 'cwd'>;
export type ReplayJson = { schemaVersion: typeof SCHEMA_VERSION } & ReplayReport;

export function matrixJson({ cwd: _cwd, ...report }: MatrixReport): MatrixJson {
  return { schemaVersion: SCHEMA_VERSION, ...report };
}

export function upgradeJson({ cwd: _cwd, ...report }: UpgradeReport): UpgradeJson {
  return { schemaVersion: SCHEMA_VERSION, ...report };
}

/** A replay names no path of the machine: requests as recorded, answers as given. */
export function replayJson(report: ReplayReport): ReplayJson {
  return { schemaVersion: SCHEMA_VERSION, ...report };
}
