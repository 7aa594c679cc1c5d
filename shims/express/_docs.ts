/**
 * @module shims/express/_docs
 * The one builder of links into the pack's docs: rule pages (`docs/express/<id>.md`, also the shim features' pages)
 * and rows of the breaking-change table (`docs/express/breaking-changes.md#row-<N>`). The rules, the CLI's reporters
 * and the shim's warnings all link through it; where the pages are is shims/docs-link.ts's search.
 */
import { docsPages } from '../docs-link.ts';

/** The page the rules cite as "row N"; shipped as `docs/express/breaking-changes.md`. */
export const SPEC_PAGE = 'breaking-changes';

/** A page of the pack's docs: a rule or feature id, `shim` or {@link SPEC_PAGE}. Found through an installed straddle. */
export const docsUrl = docsPages({ inPackage: 'docs/express', fromShim: true });

/** The anchor of row `row` in the breaking-change table; every row of that page carries one. */
function rowAnchor(row: number): string {
  return `row-${row}`;
}

/** Where row `row` of the breaking-change table is documented. */
export function rowUrl(row: number): string {
  return `${docsUrl(SPEC_PAGE)}#${rowAnchor(row)}`;
}
