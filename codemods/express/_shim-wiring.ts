/**
 * @module codemods/express/_shim-wiring
 * Puts the runtime shim on an app where it is created, `straddle(express(), { features })` (each listed feature in
 * `warn` mode), and takes it off again
 * for `finish`. Text splices like every rule; idempotent (features already listed are not added twice).
 */
import ts from 'typescript';
import { applyEditGroups, createFixer, parseSource, type Edit, type Fixer } from '../../src/authoring.ts';
import { ExpressFacts, isShimRequire, SHIM_MODULE } from './_facts.ts';
import { unwrap } from './_scope.ts';
import { isShimSpecifier } from './_vendor.ts';

export { SHIM_MODULE };
const SHIM_NAME = 'straddle';

const isShimImport = (node: ts.Node) =>
  (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && isShimSpecifier(node.moduleSpecifier.text, SHIM_MODULE)) ||
  (ts.isVariableStatement(node) && node.declarationList.declarations.some((d) => d.initializer && isShimRequire(d.initializer)));

const isRequireStatement = (statement: ts.Statement) =>
  ts.isVariableStatement(statement) &&
  statement.declarationList.declarations.some((d) => {
    const init = d.initializer && unwrap(d.initializer);
    return !!init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require';
  });

/** ESM when the file already uses import/export syntax or its extension says so. */
function isEsm(sourceFile: ts.SourceFile): boolean {
  if (/\.(mjs|mts)$/.test(sourceFile.fileName)) return true;
  if (/\.(cjs|cts)$/.test(sourceFile.fileName)) return false;
  return sourceFile.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s));
}

/**
 * `express()` calls that create an app, and `straddle(express(), …)` calls already wrapping one; with `routers`,
 * `express.Router(…)` / `Router(…)` creations too.
 */
function appCreations(sourceFile: ts.SourceFile, routers = false) {
  const facts = new ExpressFacts(sourceFile);
  const bare: ts.CallExpression[] = [];
  const wrapped: ts.CallExpression[] = [];
  const createsRouter = (callee: ts.Expression) =>
    routers && (facts.isModuleMember(callee, 'Router') || (ts.isIdentifier(callee) && facts.routerFactories.has(callee.text) && facts.isModuleBinding(callee)));
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      const createsApp = ts.isIdentifier(callee) && facts.moduleNames.has(callee.text) && facts.isModuleBinding(callee) && node.arguments.length === 0;
      if (createsApp || createsRouter(callee)) {
        const parent = node.parent;
        const isWrapped = ts.isCallExpression(parent) && facts.isShimWrap(parent);
        if (isWrapped) wrapped.push(parent);
        else bare.push(node);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { bare, wrapped };
}

/**
 * The shim's import: after the last import / top-level require that comes before `firstUse` (an app created
 * between two requires must see `straddle` initialised), and after that line's trailing comment, so header comments
 * and 'use strict' stay first and no comment changes lines.
 */
function importEdit(sourceFile: ts.SourceFile, firstUse: number, specifier: string, binding = SHIM_NAME, isPresent = isShimImport): Edit | undefined {
  const fixer = createFixer(sourceFile);
  if (sourceFile.statements.some(isPresent)) return undefined;
  const esm = isEsm(sourceFile);
  const anchors = sourceFile.statements.filter((s) => (ts.isImportDeclaration(s) || isRequireStatement(s)) && s.end <= firstUse);
  // with nothing imported before it, after the prologue: a require above 'use strict' would make it no directive
  const prologue = sourceFile.statements.filter((s, i, all) => all.slice(0, i + 1).every((d) => ts.isExpressionStatement(d) && ts.isStringLiteral(d.expression)));
  const last = anchors[anchors.length - 1] ?? prologue[prologue.length - 1];
  // in the file's own style where no formatter runs: its quotes, its semicolons
  const model = last ?? sourceFile.statements.find((s) => ts.isImportDeclaration(s) || isRequireStatement(s));
  const quote = model?.getText(sourceFile).match(/['"]/)?.[0] === '"' ? '"' : "'";
  const semi = !model || model.getText(sourceFile).trimEnd().endsWith(';') ? ';' : '';
  const line = esm
    ? `import { ${binding} } from ${quote}${specifier}${quote}${semi}\n`
    : `const { ${binding} } = require(${quote}${specifier}${quote})${semi}\n`;
  if (last) {
    const text = sourceFile.text;
    const lineEnd = text.indexOf('\n', last.end);
    const at = lineEnd === -1 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    return fixer.replaceRange(at, at, `${text.includes('\r\n') ? '\r\n' : '\n'}${line.trimEnd()}`);
  }
  const first = sourceFile.statements[0];
  return first ? fixer.insertBefore(first, line) : fixer.replaceRange(0, 0, line);
}

/**
 * The import of `names` from a vendored helper file next to this one, `./<base>.mjs` or `./<base>.cjs` by the file's
 * module system, placed as the shim's import is; undefined when the file imports that helper already.
 */
export function helperImportEdit(sourceFile: ts.SourceFile, firstUse: number, base: string, names: readonly string[]): Edit | undefined {
  const specifier = `./${base}.${isEsm(sourceFile) ? 'mjs' : 'cjs'}`;
  const isPresent = (node: ts.Node) => (ts.isImportDeclaration(node) || ts.isVariableStatement(node)) && node.getText(sourceFile).includes(`./${base}.`);
  return importEdit(sourceFile, firstUse, specifier, [...names].sort().join(', '), isPresent);
}

// `warn`: the shim acts as the old major did and names each call site once, which the upgrade loop reads back
const featuresText = (features: readonly string[]) => `{ features: { ${features.map((f) => `'${f}': 'warn'`).join(', ')} } }`;
/** `express()` → `straddle(express())`, with the features turned on when there are any. */
const wrapped = (call: string, features: readonly string[]) => `${SHIM_NAME}(${call}${features.length ? `, ${featuresText(features)}` : ''})`;

/** Adds the features a wrapped call does not list yet to its `features` object literal. */
function mergeFeatures(call: ts.CallExpression, features: readonly string[], sourceFile: ts.SourceFile, fixer: Fixer): Edit | undefined {
  const options = call.arguments[1] && unwrap(call.arguments[1]);
  if (!options) return fixer.insertAfter(call.arguments[0]!, `, ${featuresText(features)}`);
  if (!ts.isObjectLiteralExpression(options)) return undefined; // options built elsewhere: leave them to their author
  const property = options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(sourceFile).replace(/['"]/g, '') === 'features');
  const object = property && unwrap(property.initializer);
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  const listed = new Set(object.properties.map((p) => p.name?.getText(sourceFile).replace(/['"]/g, '')));
  const missing = features.filter((f) => !listed.has(f));
  if (!missing.length) return undefined;
  const entries = missing.map((f) => `'${f}': 'warn'`).join(', ');
  const at = object.properties.end;
  return fixer.replaceRange(at, at, object.properties.length ? `, ${entries}` : ` ${entries} `);
}

/**
 * The file with the shim wired around each `express()` app creation, `features` listed, imported from `specifier`
 * (default: the package subpath); undefined when nothing changes.
 */
export function wireShim(fileName: string, text: string, features: readonly string[], specifier = SHIM_MODULE): string | undefined {
  const sourceFile = parseSource(fileName, text);
  // Express 5 checks a path when a route is registered, and routers are filled before they are mounted on the app:
  // when paths need translating, each router gets the shim where it is created too
  const { bare, wrapped: shimmed } = appCreations(sourceFile, features.includes('route-path'));
  const fixer = createFixer(sourceFile);
  const edits: Edit[] = bare.map((call) => fixer.replaceText(call, wrapped(call.getText(sourceFile), features)));
  for (const call of shimmed) {
    const edit = features.length ? mergeFeatures(call, features, sourceFile, fixer) : undefined;
    if (edit) edits.push(edit);
  }
  if (!edits.length) return undefined;
  const imported = importEdit(sourceFile, Math.min(...[...bare, ...shimmed].map((call) => call.getStart(sourceFile))), specifier);
  if (imported) edits.push(imported);
  return applyEditGroups(text, [edits]).text;
}

/** The file without the shim: `straddle(express(), …)` back to `express()`, its import removed. */
export function unwireShim(fileName: string, text: string): string | undefined {
  const sourceFile = parseSource(fileName, text);
  const { wrapped } = appCreations(sourceFile, true);
  const fixer = createFixer(sourceFile);
  const edits: Edit[] = wrapped.map((call) => fixer.replaceText(call, call.arguments[0]!.getText(sourceFile)));
  // from its full start, so the line it stood on goes with it
  for (const statement of sourceFile.statements.filter(isShimImport)) edits.push(fixer.replaceRange(statement.getFullStart(), statement.end, ''));
  return edits.length ? applyEditGroups(text, [edits]).text : undefined;
}

