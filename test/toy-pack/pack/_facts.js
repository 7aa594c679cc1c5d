// @ts-check
/**
 * The toy pack's per-file analysis: the local names bound to the widgetkit module
 * (`const wk = require('widgetkit')`, `import wk from 'widgetkit'`, `import * as wk from 'widgetkit'`).
 */
import ts from 'typescript';

/** @param {ts.Node | undefined} node */
const isWidgetkit = (node) => !!node && ts.isStringLiteral(node) && node.text === 'widgetkit';

/**
 * @param {ts.SourceFile} sourceFile
 * @returns {Set<string>}
 */
export function widgetkitNames(sourceFile) {
  const names = new Set();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && isWidgetkit(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings)) names.add(clause.namedBindings.name.text);
    }
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      const required = init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' && isWidgetkit(init.arguments[0]);
      if (required && ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
    }
  }
  return names;
}

/**
 * A call `<widgetkit name>.<method>(…)`, with its receiver's text; undefined for anything else.
 * @param {ts.CallExpression} node
 * @param {string} method
 * @param {Set<string>} names
 */
export function widgetkitCall(node, method, names) {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== method) return undefined;
  if (!ts.isIdentifier(callee.expression) || !names.has(callee.expression.text)) return undefined;
  return { receiver: callee.expression.text };
}
