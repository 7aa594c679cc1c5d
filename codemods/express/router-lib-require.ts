/**
 * @module codemods/express/router-lib-require
 * Row 56: `require('express/lib/router/layer')` (and `…/route`, `…/router`) throws on Express 5, which ships no such
 * files: its router is the `router` package, and it forwards rejected promises itself, which is what most of these
 * requires are for (prototype patches that catch async errors). The dual form asks the Express the code runs with
 * for its major (`express/package.json`, which both ship) and loads the file on 4; on 5 it gets a stand-in
 * constructor, so a patch of its prototype changes nothing there. Detection, not a `try` around the require: a
 * broken Express 4 install still fails loudly.
 */
import ts from 'typescript';
import { createExpressRule, stringValue } from './_rule.ts';

/** The Express 4 router files Express 5 does not ship. */
const ROUTER_FILE = /^express\/lib\/router(\/(index|layer|route))?(\.js)?$/;
export const isRouterFile = (module: string | undefined) => !!module && ROUTER_FILE.test(module);

export default createExpressRule({
  id: 'router-lib-require',
  meta: {
    description: "Load Express 4's router files only on Express 4, where code patches or reads them",
    rows: [56],
    kind: 'both',
    prefilter: ['express/lib/router'],
    signatures: [/Cannot find module 'express\/lib\/router/],
    messages: {
      dualRequire:
        "'{{module}}' does not exist in Express 5 (its router is the `router` package, which forwards rejected promises itself). Load it on Express 4 only: on 5 a stand-in takes its place, so patches of its prototype do nothing.",
    },
  },
  create(context) {
    const { sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        const module = dualRequirable(node);
        if (!module) return;
        const quote = node.arguments[0]!.getText(sourceFile)[0];
        const standIn = context.options.target === 'new' ? null : `function ${standInName(module)}() {}`;
        context.report({
          node,
          messageId: 'dualRequire',
          data: { module },
          fix: standIn
            ? (fixer) => fixer.replaceText(node, `(require(${quote}express/package.json${quote}).version.split('.')[0] === '4' ? ${node.getText(sourceFile)} : ${standIn})`)
            : null,
        });
      },
    };
  },
});

/**
 * The module when `node` is a plain CommonJS `require('express/lib/router/…')` not yet in the dual form; ESM imports
 * cannot be made conditional in place and stay with app-router-internals.
 */
export function dualRequirable(node: ts.CallExpression): string | undefined {
  if (!ts.isIdentifier(node.expression) || node.expression.text !== 'require' || node.arguments.length !== 1) return undefined;
  const module = stringValue(node.arguments[0]);
  if (!isRouterFile(module)) return undefined;
  let parent: ts.Node = node.parent;
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
  if (ts.isConditionalExpression(parent) && /express\/package\.json/.test(parent.condition.getText())) return undefined;
  return module;
}

function standInName(module: string): string {
  const file = /\/(layer|route)(\.js)?$/.exec(module)?.[1];
  return file === 'layer' ? 'Layer' : file === 'route' ? 'Route' : 'Router';
}
