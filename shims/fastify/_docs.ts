/**
 * @module shims/fastify/_docs
 * Links into the Fastify pack's docs for the shim's warnings, found by shims/docs-link.ts: first the folders above
 * the shim (the source tree, dist/ of the straddle package), else an installed straddle.
 */
import { docsPages } from '../docs-link.ts';

/** A page of the pack's docs by name (`shim`, a rule id, `breaking-changes`). */
export const docsUrl = docsPages({ inPackage: 'docs/fastify', nearby: true });
