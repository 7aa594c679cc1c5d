/**
 * @module straddle
 * The programmatic API: run a pack over a project, and the types to write packs and rules.
 */
export { runPack, type RunOptions, type RunReport } from './engine/run.ts';
export { runFile, type FileResult, type FileRunOptions } from './engine/run-file.ts';
export { loadPack, packIds, packSource } from './packs.ts';
export { createRule, formatMessage, languageOf } from './rule.ts';
export type { Confidence, Finding, Language, ReportDescriptor, Rule, RuleContext, RuleKind, RuleMeta, RuleOptions, Target, Visitors } from './rule.ts';
export { definePack } from './pack.ts';
export type { Pack, PackShim, PackVersions, ProjectRule, ProjectContext, PackageJson, ShimReportLine } from './pack.ts';
export { applyEditGroups, createFixer, type Edit, type EditGroup, type Fixer } from './engine/edits.ts';
export { parseSource, ParseError } from './engine/parse.ts';
export { StraddleError, ExitError, EXIT } from './errors.ts';
