/**
 * @module codemods/fastify/_typed
 * The role the type checker sees, for the typed pass: a value whose type is `FastifyInstance`, `FastifyRequest` or
 * `FastifyReply` as declared by fastify's own declaration files (fastify ships its types; there is no @types
 * package). Seen through `T | undefined`, aliases, generic instantiations, type parameters' constraints and
 * intersections (`fastify()` returns `FastifyInstance & PromiseLike<FastifyInstance>`). A type of the same name
 * declared anywhere else gives nothing: the name alone is what the syntactic pass already had.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { Role } from './_facts.ts';

const FASTIFY = 'fastify';
/** fastify's interfaces that make a value one of the roles. */
const TYPE_ROLES: Readonly<Record<string, Role>> = { FastifyInstance: 'instance', FastifyRequest: 'request', FastifyReply: 'reply' };
/** Members of a union that are no value to call a method on (`reply?: FastifyReply`). */
const EMPTY = ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void;
/** How deep constraints, unions and intersections are followed. */
const MAX_DEPTH = 4;

/** The role `expression`'s type gives it, if fastify declares that type. */
export function typedRole(checker: ts.TypeChecker, expression: ts.Expression): Role | undefined {
  return roleOfType(checker, checker.getTypeAtLocation(expression), 0);
}

function roleOfType(checker: ts.TypeChecker, type: ts.Type, depth: number): Role | undefined {
  if (depth > MAX_DEPTH || type.flags & ts.TypeFlags.Any) return undefined;
  if (type.flags & ts.TypeFlags.TypeParameter) {
    const constraint = checker.getBaseConstraintOfType(type);
    return constraint && constraint !== type ? roleOfType(checker, constraint, depth + 1) : undefined;
  }
  if (type.isUnion()) {
    // every member that can hold a value agrees, or the union says nothing sure
    const roles = type.types.filter((member) => !(member.flags & EMPTY)).map((member) => roleOfType(checker, member, depth + 1));
    const [first] = roles;
    return first && roles.every((role) => role === first) ? first : undefined;
  }
  if (type.isIntersection()) {
    const roles = new Set(type.types.map((member) => roleOfType(checker, member, depth + 1)).filter((role) => role !== undefined));
    return roles.size === 1 ? [...roles][0] : undefined;
  }
  for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
    const role = symbol && Object.hasOwn(TYPE_ROLES, symbol.name) ? TYPE_ROLES[symbol.name] : undefined;
    // declared by fastify: an augmentation (`declare module 'fastify' { interface FastifyInstance … }`) adds
    // declarations in the project, fastify's own stays among them
    if (role && symbol!.declarations?.some((declaration) => isFastifyDeclarationFile(declaration.getSourceFile()))) return role;
  }
  return undefined;
}

/** Package names by folder, found once: the nearest package.json up from a declaration file names its package. */
const packageNames = new Map<string, string | null>();

/**
 * A `.d.ts` of the package named fastify, however it is installed: `node_modules/fastify`, an npm alias
 * (`fastify4@npm:fastify@4`), a pnpm store folder, a link the checker followed to its real path.
 */
function isFastifyDeclarationFile(sourceFile: ts.SourceFile): boolean {
  return sourceFile.isDeclarationFile && packageName(path.dirname(sourceFile.fileName)) === FASTIFY;
}

function packageName(dir: string): string | null {
  const known = packageNames.get(dir);
  if (known !== undefined) return known;
  let name: string | null = null;
  try {
    const manifest: unknown = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    if (manifest && typeof manifest === 'object' && typeof (manifest as { name?: unknown }).name === 'string') name = (manifest as { name: string }).name;
  } catch {
    // no package.json here (or none that parses): the package is a folder further up
  }
  // a nameless package.json (`{ "type": "module" }` in a subfolder) only marks a scope: the name is further up too
  const parent = path.dirname(dir);
  if (name === null && parent !== dir) name = packageName(parent);
  packageNames.set(dir, name);
  return name;
}
