/**
 * @module rule
 * The rule model shared by every pack: a rule walks one parsed file (the TypeScript compiler API's tree), reports
 * findings and proposes fixes as text edits. Rules never touch the disk; the engine applies, diffs and writes.
 */
import type ts from 'typescript';
import type { Edit, Fixer } from './engine/edits.ts';

/** What a rule's fix produces by default. */
export type RuleKind =
  /** rewrites to a form proven to behave the same on both majors */
  | 'both'
  /** rewrites to the idiomatic new-major form */
  | 'new'
  /** rewrites to (or needs) a call of the runtime shim, no dual-native form exists */
  | 'shim'
  /** cannot be fixed safely: reports file:line with a precise hint */
  | 'report';

/** `both` writes dual forms (default); `new` writes new-major-only code (`--target 5`, `finish`). */
export type Target = 'both' | 'new';

/** How sure a finding is that its receiver is a framework object. */
export type Confidence = 'high' | 'low';

export interface RuleOptions {
  target: Target;
  /** Treat functions whose parameters are named like the framework's handlers' as handlers without further evidence. */
  assumeHandlers: boolean;
  /**
   * The newest JavaScript the project's own lint parses, as a year (2015 for ES6), where its ESLint config pins one:
   * a fix in JavaScript writes nothing newer (see engine/ecma-version). Absent: anything Node runs.
   */
  ecmaVersion?: number;
  /** The project directory, which `fileName` is relative to: where a rule that looks at files beside the code reads them from. */
  cwd?: string;
  /**
   * Rules a run of the project named (an answer replay saw differ): a rule may hold back a fix that changes what the
   * old major answers until the project's own traffic shows the difference matters.
   */
  evidence?: readonly string[];
}

export interface RuleMeta<MessageIds extends string> {
  /** One sentence, no final period. */
  description: string;
  /** The rows of the pack's breaking-change table this rule covers (the pack's `rowUrl` links each). */
  rows: number[];
  kind: RuleKind;
  /** Message templates keyed by camelCase id; `{{name}}` placeholders are filled from `data`. */
  messages: Record<MessageIds, string>;
  /**
   * Words a file must contain for this rule to possibly match. Files containing none are never parsed for it:
   * the cheap text prefilter that keeps large codebases fast.
   */
  prefilter: readonly string[];
  /**
   * Rules whose prefilter words this rule's fixes write but which, by what those rules look for, can report nothing
   * in what it writes (res-json-status writes `.status(n)` only for a valid integer `n`, which res-status-invalid
   * accepts): the engine does not parse a fixed file again to run them for that alone. The fixture tests hold every
   * claim to account: a second run with every rule of the pack changes nothing, and what a run leaves open is what a
   * scan of its output reports.
   */
  writesNothingFor?: readonly string[];
  /** Error-message patterns seen when old code runs on the new major; the upgrade loop maps failures with them. */
  signatures?: readonly RegExp[];
  /** The languages whose files the rule reads (default: both); a types-only change has nothing to fix in JavaScript. */
  languages?: readonly Language[];
}

export type Language = 'javascript' | 'typescript';

/** The language of a source file by its name (declaration files are no source: neither). */
export function languageOf(file: string): Language | undefined {
  if (/\.d\.[cm]?ts$/.test(file)) return undefined;
  return /\.[cm]?tsx?$/.test(file) ? 'typescript' : 'javascript';
}

/** A node visitor table keyed by `ts.SyntaxKind` names, e.g. `{ CallExpression(node) {} }`. */
export type Visitors = { [K in keyof typeof ts.SyntaxKind]?: (node: any) => void };

export interface ReportDescriptor<MessageIds extends string> {
  node: ts.Node;
  messageId: MessageIds;
  data?: Record<string, string | number>;
  /** Absent or null: reported, not fixed. */
  fix?: ((fixer: Fixer) => Edit | Edit[] | null) | null;
  confidence?: Confidence;
  /** A note about code that works on both majors (nothing to fix, nothing for the shim to stand in for). */
  note?: boolean;
}

export interface RuleContext<MessageIds extends string, Facts> {
  readonly fileName: string;
  readonly text: string;
  readonly sourceFile: ts.SourceFile;
  readonly options: RuleOptions;
  /** Per-file analysis computed once by the pack and shared by all its rules. */
  readonly facts: Facts;
  report(descriptor: ReportDescriptor<MessageIds>): void;
}

export interface Rule<MessageIds extends string = string, Facts = unknown> {
  id: string;
  meta: RuleMeta<MessageIds>;
  create(context: RuleContext<MessageIds, Facts>): Visitors;
}

/** A finding as the engine reports it. */
export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  file: string;
  line: number;
  column: number;
  rows: number[];
  kind: RuleKind;
  confidence: Confidence;
  /** True when a fix was produced and applied (or would be, in a dry run). */
  fixed: boolean;
  /** True when the rule has a fix for this site but it was not applied (low confidence, conflict, --only). */
  fixable: boolean;
  /** Present (true) on notes: the code works on both majors, the finding only explains a difference. */
  note?: true;
}

/** Identity helper for type inference, in the typescript-eslint `createRule` style. */
export function createRule<MessageIds extends string, Facts>(
  rule: Rule<MessageIds, Facts>,
): Rule<MessageIds, Facts> {
  return rule;
}

/** Fills `{{placeholders}}` of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    key in data ? String(data[key]) : whole,
  );
}
