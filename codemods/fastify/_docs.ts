/**
 * @module codemods/fastify/_docs
 * Links into the Fastify pack's docs: rule pages (`docs/fastify/<id>.md`) and rows of the breaking-change table
 * (`docs/fastify/breaking-changes.md#row-<N>`), found where the shim's warnings find them (shims/docs-link.ts: the
 * folders above this module, else an installed straddle, else `straddle/docs/fastify/<page>.md`).
 */
import { docsUrl } from '../../shims/fastify/_docs.ts';

export { docsUrl };

/** The page the rules cite as "row N". */
export const SPEC_PAGE = 'breaking-changes';

/** Where row `row` of the breaking-change table is documented. */
export function rowUrl(row: number): string {
  return `${docsUrl(SPEC_PAGE)}#row-${row}`;
}
