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
export function applyEditGroups(text: string, groups: readonly EditGroup[]): { text: string; skipped: number[] } {
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
  return { text: out + text.slice(cursor), skipped };
}
