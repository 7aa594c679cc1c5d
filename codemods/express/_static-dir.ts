/**
 * @module codemods/express/_static-dir
 * The directory an `express.static(dir)` call serves, found on disk, for the rules whose answer depends on what is
 * in it (dot-directories, file types). Only the forms a path is usually written in are read; any other is unknown.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { RuleContext } from '../../src/authoring.ts';
import { moduleBindingOf, type ExpressFacts } from './_facts.ts';
import { stringValue } from './_rule.ts';
import { unwrap } from './_scope.ts';

const SKIPPED = new Set(['node_modules', '.git']);

/** The served directory, absolute, when it can be read and exists; from the project, not from where straddle runs. */
export function servedDirectory(context: RuleContext<string, ExpressFacts>, argument: ts.Expression): string | undefined {
  const relative = relativeDirectory(context.facts, argument);
  if (relative === undefined) return undefined;
  const directory = path.resolve(context.options.cwd ?? '.', path.dirname(context.fileName), relative);
  return isDirectory(directory) ? directory : undefined;
}

/**
 * Every entry under `root`, breadth first, at most `limit` read: `visit` gets each with its path relative to `root`
 * and says whether to go into it (a directory). node_modules and .git are never entered.
 */
export function walkDirectory(root: string, limit: number, visit: (entry: Dirent, relative: string) => boolean): void {
  const pending = [''];
  let seen = 0;
  while (pending.length && seen < limit) {
    const relative = pending.shift()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      seen++;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (visit(entry, child) && entry.isDirectory() && !SKIPPED.has(entry.name)) pending.push(child);
    }
  }
}

/** Files anywhere under `root` (not in dot-directories) whose name passes `test`, relative to it, sorted. */
export function filesUnder(root: string, test: (name: string) => boolean, limit: number): string[] {
  const found: string[] = [];
  walkDirectory(root, limit, (entry, child) => {
    if (entry.isFile() && test(entry.name)) found.push(child);
    return !entry.name.startsWith('.');
  });
  return found.sort();
}

/** The served directory relative to the file: `'public'`, `path.join(__dirname, 'public')`, `` `${__dirname}/public` ``. */
function relativeDirectory(facts: ExpressFacts, argument: ts.Expression): string | undefined {
  const node = unwrap(argument);
  const literal = stringValue(node);
  if (literal !== undefined) return literal;
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['join', 'resolve'].includes(node.expression.name.text)) {
    const module = moduleBindingOf(facts, node.expression.expression)?.module;
    const [first, ...rest] = node.arguments;
    const parts = rest.map(stringValue);
    if ((module === 'path' || module === 'node:path') && first && isDirname(first) && parts.every((p) => p !== undefined)) return path.join('.', ...(parts as string[]));
  }
  if (ts.isTemplateExpression(node) && node.head.text === '' && node.templateSpans.length === 1) {
    const [span] = node.templateSpans;
    if (isDirname(span!.expression)) return `.${span!.literal.text}`;
  }
  return undefined;
}

function isDirname(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  return ts.isIdentifier(node) && node.text === '__dirname';
}

function isDirectory(directory: string): boolean {
  try {
    return statSync(directory).isDirectory();
  } catch {
    return false;
  }
}
