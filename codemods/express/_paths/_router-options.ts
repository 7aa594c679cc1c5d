/**
 * @module codemods/express/_paths/_router-options
 * The matching options a registration runs under: `strict routing` / `case sensitive routing` of an app created in
 * this file (set before the first route, as both majors read them when the router is first made), or
 * `Router({ strict, caseSensitive })` with literal values. Anything else is unknown, and the rule tries every value.
 */
import ts from 'typescript';
import type { ExpressFacts } from '../_facts.ts';
import { unwrap } from '../_scope.ts';

/** A known value, or `undefined` when the file does not show it. */
export interface RouterOptions {
  strict: boolean | undefined;
  sensitive: boolean | undefined;
}

const UNKNOWN: RouterOptions = { strict: undefined, sensitive: undefined };
const DEFAULTS: RouterOptions = { strict: false, sensitive: false };
const SETTINGS: Record<string, keyof RouterOptions> = { 'strict routing': 'strict', 'case sensitive routing': 'sensitive' };
const ROUTER_KEYS: Record<string, keyof RouterOptions> = { strict: 'strict', caseSensitive: 'sensitive' };

/** Options of the router that `receiver` (an app, a router, or `x.route(…)`) registers on. */
export function routerOptionsOf(receiver: ts.Expression, facts: ExpressFacts, registration: ts.Node): RouterOptions {
  let node = unwrap(receiver);
  // `app.route('/x').get(h)` and chained `app.get(…).post(…)` register on the same router.
  while (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) node = unwrap(node.expression.expression);
  const declaration = ts.isIdentifier(node) ? facts.scopes.resolve(node) : undefined;
  const init = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
    ? unwrap(declaration.initializer)
    : ts.isCallExpression(node) ? node : undefined;
  if (!init || !ts.isCallExpression(init)) return UNKNOWN;
  const created = facts.roleOf(init)?.role;
  if (created === 'router') return routerFactoryOptions(init);
  if (created === 'app' && declaration) return appSettings(declaration, facts, registration);
  return UNKNOWN;
}

function routerFactoryOptions(call: ts.CallExpression): RouterOptions {
  const arg = call.arguments[0] && unwrap(call.arguments[0]);
  if (!arg) return DEFAULTS;
  if (!ts.isObjectLiteralExpression(arg)) return UNKNOWN;
  const options = { ...DEFAULTS };
  for (const property of arg.properties) {
    if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) {
      if (ts.isSpreadAssignment(property) || ts.isShorthandPropertyAssignment(property)) return UNKNOWN;
      continue;
    }
    const key = ROUTER_KEYS[property.name.text];
    if (key) options[key] = booleanLiteral(property.initializer);
  }
  return options;
}

/** `app.set('strict routing', true)`, `app.enable(…)`, `app.disable(…)` on the same binding, all before the route. */
function appSettings(declaration: ts.Node, facts: ExpressFacts, registration: ts.Node): RouterOptions {
  const options = { ...DEFAULTS };
  for (const change of settingChanges(declaration, facts)) {
    // A setting changed after the first route may or may not apply: both majors read it once.
    options[change.setting] = change.pos < registration.pos ? change.value : undefined;
  }
  return options;
}

interface SettingChange {
  pos: number;
  setting: keyof RouterOptions;
  value: boolean | undefined;
}

// One walk of the file per app binding, not one per route registered on it.
const settingsCache = new WeakMap<ts.Node, SettingChange[]>();

function settingChanges(declaration: ts.Node, facts: ExpressFacts): SettingChange[] {
  const cached = settingsCache.get(declaration);
  if (cached) return cached;
  const changes: SettingChange[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const target = unwrap(node.expression.expression);
      const setting = SETTINGS[node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]) ? node.arguments[0].text : ''];
      const sameApp = ts.isIdentifier(target) && facts.scopes.resolve(target) === declaration;
      if (setting && sameApp && (method === 'set' || method === 'enable' || method === 'disable')) {
        changes.push({ pos: node.pos, setting, value: method === 'set' ? booleanLiteral(node.arguments[1]) : method === 'enable' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(facts.sourceFile);
  settingsCache.set(declaration, changes);
  return changes;
}

function booleanLiteral(expression: ts.Expression | undefined): boolean | undefined {
  const node = expression && unwrap(expression);
  if (node?.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node?.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}
