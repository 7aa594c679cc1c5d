/**
 * @module authoring
 * What a pack and its rules import: rule and pack definitions, their types, the fixer and the parser. Nothing here
 * reaches the pack table (src/packs.ts) or the engine that runs packs, so a pack importing it forms no circle with
 * the engine that loads the pack (test/arrows.test.ts holds that).
 */
export { createRule, formatMessage, languageOf } from './rule.ts';
export type { Confidence, Finding, Language, ReportDescriptor, Rule, RuleContext, RuleKind, RuleMeta, RuleOptions, Target, Visitors } from './rule.ts';
export { definePack } from './pack.ts';
export type { Pack, PackRoute, PackShim, PackVersions, ProjectRule, ProjectContext, PackageJson, ReplayDifference, ReplayExchange, ShimReportLine } from './pack.ts';
export { applyEditGroups, createFixer, type Edit, type EditGroup, type Fixer } from './engine/edits.ts';
export { parseSource, ParseError } from './engine/parse.ts';
export { StraddleError, ExitError, EXIT } from './errors.ts';
