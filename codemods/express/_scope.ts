/**
 * @module codemods/express/_scope
 * The scope resolver and `unwrap`, shared by every pack's facts: they live in lib/ts-scope (no framework in them).
 */
export { referencesOf, ScopeResolver, unwrap, type Declaration } from '../../lib/ts-scope/scope.ts';
