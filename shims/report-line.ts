/**
 * @module report-line
 * One line a pack's shim appends to the report file named by STRADDLE_REPORT (JSON, one warning a line): how the
 * test processes of the upgrade loop tell it which shim features ran, and where. It lives with the shims, which ship
 * inside users' apps and import nothing of the engine; the engine reads the same type from here.
 */
export interface ShimReportLine {
  /** `<pack id>/<feature id>`; a feature's id is the id of the rule it stands in for. */
  id: string;
  message: string;
  /** The first call site outside the shim and node_modules, if any. */
  site: { file: string; line: number; column: number } | null;
  /** The framework's major the process ran on. */
  major: number;
  /** ISO 8601. */
  time: string;
}
