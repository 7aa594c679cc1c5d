/**
 * @module lib/ts-scope/scope
 * A small lexical scope resolver over the TypeScript syntax tree: which declaration does an identifier refer to?
 * The binder would answer too, but needs a Program per file; this walks only the scopes a rule asks about.
 * Knows no framework: every pack's facts use it (codemods/express/_scope.ts re-exports it).
 */
import ts from 'typescript';
import { kindTable } from './kinds.ts';

export type Declaration = ts.Node;

const isScope = kindTable(
  (node) =>
    ts.isSourceFile(node) ||
    ts.isBlock(node) ||
    ts.isModuleBlock(node) ||
    ts.isCaseBlock(node) ||
    ts.isFunctionLike(node) ||
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isCatchClause(node) ||
    ts.isClassLike(node),
);

function addBindingNames(name: ts.BindingName, target: ts.Node, into: Map<string, Declaration>): void {
  if (ts.isIdentifier(name)) {
    into.set(name.text, target);
    return;
  }
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) addBindingNames(element.name, element, into);
  }
}

function addVariableList(list: ts.VariableDeclarationList, into: Map<string, Declaration>): void {
  for (const declaration of list.declarations) addBindingNames(declaration.name, declaration, into);
}

function addStatement(statement: ts.Statement, into: Map<string, Declaration>): void {
  if (ts.isVariableStatement(statement)) addVariableList(statement.declarationList, into);
  else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name)
    into.set(statement.name.text, statement);
  else if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (clause?.name) into.set(clause.name.text, clause);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) into.set(bindings.name.text, bindings);
    if (bindings && ts.isNamedImports(bindings)) for (const specifier of bindings.elements) into.set(specifier.name.text, specifier);
  } else if (ts.isImportEqualsDeclaration(statement)) into.set(statement.name.text, statement);
}

/** The names a scope node declares directly (var hoisting out of nested blocks is not modelled). */
function declarationsOf(scope: ts.Node): Map<string, Declaration> {
  const names = new Map<string, Declaration>();
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) {
    for (const statement of scope.statements) addStatement(statement, names);
  } else if (ts.isCaseBlock(scope)) {
    for (const clause of scope.clauses) for (const statement of clause.statements) addStatement(statement, names);
  } else if (ts.isFunctionLike(scope)) {
    for (const parameter of scope.parameters) addBindingNames(parameter.name, parameter, names);
    // a named function expression sees its own name
    if ((ts.isFunctionExpression(scope) || ts.isClassExpression(scope)) && scope.name) names.set(scope.name.text, scope);
    const body = (scope as ts.FunctionLikeDeclaration).body;
    if (body && ts.isBlock(body)) for (const statement of body.statements) addStatement(statement, names);
  } else if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer) {
    if (ts.isVariableDeclarationList(scope.initializer)) addVariableList(scope.initializer, names);
  } else if (ts.isCatchClause(scope) && scope.variableDeclaration) {
    addBindingNames(scope.variableDeclaration.name, scope.variableDeclaration, names);
  }
  return names;
}

export class ScopeResolver {
  private readonly cache = new Map<ts.Node, Map<string, Declaration>>();

  /** The declaration an identifier refers to, or undefined for globals and unknown names. */
  resolve(identifier: ts.Identifier): Declaration | undefined {
    const name = identifier.text;
    for (let node: ts.Node | undefined = identifier.parent; node; node = node.parent) {
      if (!isScope(node)) continue;
      // a function body block is covered by its function node
      if (ts.isBlock(node) && node.parent && ts.isFunctionLike(node.parent)) continue;
      let names = this.cache.get(node);
      if (!names) this.cache.set(node, (names = declarationsOf(node)));
      const found = names.get(name);
      if (found) return found;
    }
    return undefined;
  }
}

/** Strips parentheses, `!`, `as T`, `<T>x` and `satisfies T` around an expression. */
export function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (isWrapper(current)) current = (current as ts.ParenthesizedExpression).expression;
  return current;
}

const isWrapper = kindTable(
  (node) => ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node),
);

/** A name that is not a reference: `obj.name`, a `{ name: … }` key, a method or class member name, `a.b` in a type. */
function isMemberName(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
  if (ts.isQualifiedName(parent)) return parent.right === node;
  return (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === node;
}

/** Every reference to `declaration`'s variable (or function) in its file, resolved by scope (shadowing locals and member names are not). */
export function referencesOf(declaration: ts.VariableDeclaration | ts.FunctionDeclaration, scopes: ScopeResolver, sourceFile: ts.SourceFile): ts.Identifier[] {
  const name = declaration.name;
  if (!name || !ts.isIdentifier(name)) return [];
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && !isMemberName(node) && scopes.resolve(node) === declaration) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}
