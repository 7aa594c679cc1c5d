/**
 * @module reporters/formats
 * The output formats, and which command has which: findings print in all four, the other reports in pretty and JSON
 * (replay in HTML too).
 * Kept apart from the reporters so the CLI checks `--format` before loading any of them.
 */
export const FORMATS = ['pretty', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** The formats of a report that is not a list of findings (rules, test, upgrade, finish). */
export const REPORT_FORMATS = ['pretty', 'json'] as const satisfies readonly Format[];

/** replay's: a report's two, and a page that shows each finding's two answers side by side. */
export const REPLAY_FORMATS = [...REPORT_FORMATS, 'html'] as const;
