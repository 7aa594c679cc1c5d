/**
 * @module codemods/fastify/_shim-wiring
 * Puts the runtime shim on each Fastify instance where it is created, and takes it off again for `finish`. A
 * declared instance gets a statement of its own right below its declaration, `straddle(app, { features })`, so the
 * name keeps the instance the pack's facts see and the hooks are added before any route; an instance created inside
 * an expression (`export default Fastify()`) is wrapped, `straddle(Fastify(), { features })`. Each listed feature is
 * in `warn` mode. Text splices like every rule; idempotent (features already listed are not added twice).
 */
import ts from 'typescript';
import { applyEditGroups, createFixer, parseSource, type Edit, type Fixer } from '../../src/authoring.ts';
import { isFunctionNode } from '../../lib/ts-scope/calls.ts';
import { unwrap } from '../../lib/ts-scope/scope.ts';
import { INSTANCE_FEATURES } from '../../shims/fastify/flags.ts';
import { FastifyFacts } from './_facts.ts';
import { isShimSpecifier, SHIM_MODULE } from './_vendor.ts';

const SHIM_NAME = 'straddle';

/** Whether a declaration is the shim's `straddle`: imported from it, or destructured from its require. */
function isShimDeclaration(declaration: ts.Node | undefined): boolean {
  if (!declaration) return false;
  if (ts.isImportSpecifier(declaration)) {
    const from = declaration.parent.parent.parent.moduleSpecifier;
    return ts.isStringLiteral(from) && isShimSpecifier(from.text);
  }
  if (ts.isBindingElement(declaration)) {
    const variable = declaration.parent.parent;
    return ts.isVariableDeclaration(variable) && !!variable.initializer && isShimRequire(variable.initializer);
  }
  return false;
}

function isShimRequire(expression: ts.Expression): boolean {
  const call = unwrap(expression);
  return (
    ts.isCallExpression(call) &&
    ts.isIdentifier(call.expression) &&
    call.expression.text === 'require' &&
    call.arguments.length === 1 &&
    ts.isStringLiteral(call.arguments[0]!) &&
    isShimSpecifier(call.arguments[0].text)
  );
}

const isShimImport = (node: ts.Node) =>
  (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && isShimSpecifier(node.moduleSpecifier.text)) ||
  (ts.isVariableStatement(node) && node.declarationList.declarations.some((d) => !!d.initializer && isShimRequire(d.initializer)));

/** What the file creates and what it already wires. */
interface Sites {
  /** `Fastify(…)` calls that create an instance, not yet wired. */
  bare: ts.CallExpression[];
  /** `straddle(…)` calls of the shim: the wiring already there. */
  wired: ts.CallExpression[];
}

function sitesOf(sourceFile: ts.SourceFile): Sites {
  const facts = new FastifyFacts(sourceFile);
  const creations: ts.CallExpression[] = [];
  const wired: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      if (ts.isIdentifier(callee) && callee.text === SHIM_NAME && isShimDeclaration(facts.scopes.resolve(callee))) wired.push(node);
      else if (createsInstance(node, facts)) creations.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const wiredNames = new Set(wired.map((call) => call.arguments[0]).filter((a): a is ts.Identifier => !!a && ts.isIdentifier(a)).map((a) => facts.scopes.resolve(a)));
  const isWired = (call: ts.CallExpression) => {
    const parent = call.parent;
    if (ts.isCallExpression(parent) && wired.includes(parent)) return true;
    return ts.isVariableDeclaration(parent) && wiredNames.has(parent);
  };
  return { bare: creations.filter((call) => !isWired(call)), wired };
}

/**
 * A call of the fastify factory itself: an instance, not a method chained on one (`app.register(…)`) nor a function
 * of the project that builds one (wired inside, where it calls the factory).
 */
function createsInstance(call: ts.CallExpression, facts: FastifyFacts): boolean {
  if (facts.is(call, 'instance')?.confidence !== 'high') return false;
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee) && facts.roleOf(callee.expression)) return false;
  if (ts.isIdentifier(callee)) {
    const declaration = facts.scopes.resolve(callee);
    const value = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? unwrap(declaration.initializer) : declaration;
    if (value && isFunctionNode(value)) return false;
  }
  return true;
}

// `warn`: the shim acts as Fastify 4 did and names each call site once, which the upgrade loop reads back
const entries = (features: readonly string[]) => features.map((f) => `'${f}': 'warn'`).join(', ');
const optionsText = (features: readonly string[]) => (features.length ? `, { features: { ${entries(features)} } }` : '');

/** Adds the features a wiring does not list yet to its `features` object literal. */
function mergeFeatures(call: ts.CallExpression, features: readonly string[], sourceFile: ts.SourceFile, fixer: Fixer): Edit | undefined {
  const options = call.arguments[1] && unwrap(call.arguments[1]);
  if (!options) return call.arguments[0] && fixer.insertAfter(call.arguments[0], optionsText(features));
  if (!ts.isObjectLiteralExpression(options)) return undefined; // options built elsewhere: left to their author
  const keyOf = (p: ts.ObjectLiteralElementLike) => p.name?.getText(sourceFile).replace(/['"]/g, '');
  const property = options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && keyOf(p) === 'features');
  const object = property && unwrap(property.initializer);
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  const listed = new Set(object.properties.map(keyOf));
  const missing = features.filter((f) => !listed.has(f));
  if (!missing.length) return undefined;
  const at = object.properties.end;
  return fixer.replaceRange(at, at, object.properties.length ? `, ${entries(missing)}` : ` ${entries(missing)} `);
}

/** The edit wiring one creation: a statement below its declaration, or a wrap where it has no name. */
function wireCreation(call: ts.CallExpression, features: readonly string[], sourceFile: ts.SourceFile, fixer: Fixer): Edit {
  const declaration = call.parent;
  const statement = declaration.parent?.parent;
  if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name) && statement && ts.isVariableStatement(statement)) {
    const text = sourceFile.text;
    const lineStart = text.lastIndexOf('\n', statement.getStart(sourceFile) - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const semi = statement.getText(sourceFile).endsWith(';') ? ';' : '';
    const at = lineEnd(text, statement.end);
    return fixer.replaceRange(at, at, `${eolOf(text)}${indent}${SHIM_NAME}(${declaration.name.text}${optionsText(features)})${semi}`);
  }
  return fixer.replaceText(call, `${SHIM_NAME}(${call.getText(sourceFile)}${optionsText(features)})`);
}

const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');

/** The end of the line `pos` is on, before its line break: a trailing comment stays on its line. */
function lineEnd(text: string, pos: number): number {
  const newline = text.indexOf('\n', pos);
  if (newline === -1) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** ESM when the file already uses import/export syntax or its extension says so. */
function isEsm(sourceFile: ts.SourceFile): boolean {
  if (/\.(mjs|mts)$/.test(sourceFile.fileName)) return true;
  if (/\.(cjs|cts)$/.test(sourceFile.fileName)) return false;
  return sourceFile.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s));
}

const isRequireStatement = (statement: ts.Statement) =>
  ts.isVariableStatement(statement) &&
  statement.declarationList.declarations.some((d) => {
    const init = d.initializer && unwrap(d.initializer);
    return !!init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require';
  });

/**
 * The shim's import, in the file's module system, quotes and semicolons: after the last top-level import or require
 * that comes before `firstUse`, else after the directive prologue ('use strict' stays a directive).
 */
function importEdit(sourceFile: ts.SourceFile, firstUse: number, specifier: string): Edit | undefined {
  if (sourceFile.statements.some(isShimImport)) return undefined;
  const fixer = createFixer(sourceFile);
  const isImport = (s: ts.Statement) => ts.isImportDeclaration(s) || isRequireStatement(s);
  const anchors = sourceFile.statements.filter((s) => isImport(s) && s.end <= firstUse);
  const prologue = sourceFile.statements.filter((s, i, all) => all.slice(0, i + 1).every((d) => ts.isExpressionStatement(d) && ts.isStringLiteral(d.expression)));
  const last = anchors.at(-1) ?? prologue.at(-1);
  const model = (last ?? sourceFile.statements.find(isImport))?.getText(sourceFile);
  const quote = model?.match(/['"]/)?.[0] === '"' ? '"' : "'";
  const semi = !model || model.trimEnd().endsWith(';') ? ';' : '';
  const line = isEsm(sourceFile)
    ? `import { ${SHIM_NAME} } from ${quote}${specifier}${quote}${semi}`
    : `const { ${SHIM_NAME} } = require(${quote}${specifier}${quote})${semi}`;
  const eol = eolOf(sourceFile.text);
  if (last) {
    const at = lineEnd(sourceFile.text, last.end);
    return fixer.replaceRange(at, at, `${eol}${line}`);
  }
  const first = sourceFile.statements[0];
  return first ? fixer.insertBefore(first, `${line}${eol}`) : fixer.replaceRange(0, 0, `${line}${eol}`);
}

/**
 * The file with the shim wired at each Fastify instance it creates, `features` listed (those `straddle()` installs;
 * helpers such as `fastifyOptions` are the app's own calls), imported from `specifier`; undefined when nothing changes.
 */
export function wireShim(fileName: string, text: string, features: readonly string[], specifier = SHIM_MODULE): string | undefined {
  const installed = features.filter((f) => (INSTANCE_FEATURES as readonly string[]).includes(f));
  // asked only for helpers: nothing straddle() does would help
  if (features.length && !installed.length) return undefined;
  const sourceFile = parseSource(fileName, text);
  const { bare, wired } = sitesOf(sourceFile);
  const fixer = createFixer(sourceFile);
  const edits: Edit[] = bare.map((call) => wireCreation(call, installed, sourceFile, fixer));
  for (const call of wired) {
    const edit = installed.length ? mergeFeatures(call, installed, sourceFile, fixer) : undefined;
    if (edit) edits.push(edit);
  }
  if (!edits.length) return undefined;
  const firstUse = Math.min(...[...bare, ...wired].map((call) => call.getStart(sourceFile)));
  const imported = importEdit(sourceFile, firstUse, specifier);
  if (imported) edits.push(imported);
  return applyEditGroups(text, [edits]).text;
}

/** The file without the shim: wiring statements removed, wrapped creations unwrapped, the import removed. */
export function unwireShim(fileName: string, text: string): string | undefined {
  const sourceFile = parseSource(fileName, text);
  const { wired } = sitesOf(sourceFile);
  const fixer = createFixer(sourceFile);
  // a statement of its own goes with its line (from the line break before it: the line above keeps its comment)
  const removeLine = (statement: ts.Node) => {
    const start = statement.getStart(sourceFile);
    const lineStart = text.lastIndexOf('\n', start - 1);
    const from = lineStart <= 0 ? 0 : text[lineStart - 1] === '\r' ? lineStart - 1 : lineStart;
    return fixer.replaceRange(from, lineStart === -1 ? lineEnd(text, statement.end) + eolOf(text).length : statement.end, '');
  };
  // a wrap gives back what it wrapped
  const edits: Edit[] = wired.map((call) => (ts.isExpressionStatement(call.parent) ? removeLine(call.parent) : fixer.replaceText(call, call.arguments[0]?.getText(sourceFile) ?? '')));
  for (const statement of sourceFile.statements.filter(isShimImport)) edits.push(removeLine(statement));
  return edits.length ? applyEditGroups(text, [edits]).text : undefined;
}
