/**
 * @module engine/edits
 * Fixes are text splices on the original source: formatting and comments outside a fix are kept byte for byte,
 * and nothing is printed from a tree.
 */
import type ts from 'typescript';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface Fixer {
  replaceText(node: ts.Node, text: string): Edit;
  replaceRange(start: number, end: number, text: string): Edit;
  insertBefore(node: ts.Node, text: string): Edit;
  insertAfter(node: ts.Node, text: string): Edit;
  remove(node: ts.Node): Edit;
}

export function createFixer(sourceFile: ts.SourceFile): Fixer {
  const start = (node: ts.Node) => node.getStart(sourceFile);
  return {
    replaceText: (node, text) => ({ start: start(node), end: node.end, text }),
    replaceRange: (from, to, text) => ({ start: from, end: to, text }),
    insertBefore: (node, text) => ({ start: start(node), end: start(node), text }),
    insertAfter: (node, text) => ({ start: node.end, end: node.end, text }),
    remove: (node) => ({ start: start(node), end: node.end, text: '' }),
  };
}

/** A group of edits that must be applied together or not at all (one report's fix). */
export type EditGroup = readonly Edit[];

// An insertion at the very edge of a replacement does not conflict with it; anything inside does.
const overlaps = (a: Edit, b: Edit) => a.start < b.end && b.start < a.end;

const sameEdit = (a: Edit, b: Edit) => a.start === b.start && a.end === b.end && a.text === b.text;

/**
 * Applies every group that does not conflict with a group accepted before it (first come, first served, as ESLint
 * does); identical edits from different groups (two rules adding the same import) are applied once.
 * Returns the new text and the indexes of groups that were skipped so the caller can run another pass.
 */
export function applyEditGroups(text: string, groups: readonly EditGroup[]): { text: string; skipped: number[]; applied: Edit[] } {
  const accepted: Edit[] = [];
  const skipped: number[] = [];
  groups.forEach((group, index) => {
    const fresh = group.filter((edit) => !accepted.some((a) => sameEdit(a, edit)));
    if (fresh.some((edit) => accepted.some((a) => overlaps(a, edit)))) {
      skipped.push(index);
      return;
    }
    accepted.push(...fresh);
  });
  // stable sort keeps insertion order for edits at the same position
  accepted.sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const edit of accepted) {
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return { text: out + text.slice(cursor), skipped, applied: accepted };
}

/**
 * Where offset `at` of a text lies once `applied` (sorted, as applyEditGroups returns them) are made: text before it
 * shifts it, an insertion right at it goes before it; an offset inside a replaced range goes to where the
 * replacement starts (`side: 'start'`) or ends (`side: 'end'`).
 */
export function mapOffset(at: number, applied: readonly Edit[], side: 'start' | 'end' = 'start'): number {
  let delta = 0;
  for (const edit of applied) {
    if (edit.start > at || (side === 'end' && edit.start === at)) break;
    const grown = edit.text.length - (edit.end - edit.start);
    if (edit.end <= at) delta += grown;
    else return edit.start + delta + (side === 'end' ? edit.text.length : 0);
  }
  return at + delta;
}

/** The offset in the text before `applied` were made of offset `at` after them; inside inserted text: where it went in. */
export function unmapOffset(at: number, applied: readonly Edit[]): number {
  let delta = 0;
  for (const edit of applied) {
    const start = edit.start + delta;
    if (at < start) break;
    if (at < start + edit.text.length) return edit.start;
    delta += edit.text.length - (edit.end - edit.start);
  }
  return at - delta;
}
