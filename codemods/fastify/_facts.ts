/**
 * @module codemods/fastify/_facts
 * Which expressions in a file are shown to be Fastify objects, precision first: an `instance` is what the factory
 * (`require('fastify')`, `import Fastify from 'fastify'`, `import { fastify } from 'fastify'`) returns, or the
 * first parameter of a plugin registered on an instance (`app.register(fn)`) or wrapped by fastify-plugin
 * (`fp(fn)`); a `request` and a `reply` are the parameters of a route handler or hook registered on an instance
 * (`app.get(path, [opts,] handler)`, `app.route({ handler, preHandler })`, `app.addHook('onRequest', fn)`,
 * `app.setErrorHandler`, `app.setNotFoundHandler`), or values typed `FastifyInstance` / `FastifyRequest` /
 * `FastifyReply` from fastify. These give `high` confidence. A function that only looks like one (`(request, reply)`
 * or `async function (fastify, opts)` never registered in this file), or an instance only its name and a relative
 * import tie to Fastify (`const app = require('./app')`), gives `low`: reported, rewritten only with
 * `--assume-handlers`; and names count only where the file uses fastify or its project has it (an Express app's
 * `app` is nothing here). In the typed pass the project's type checker settles what these leave low or unseen: a
 * value fastify's own declarations type as one of the roles has it, at high confidence (_typed.ts). Computed once per
 * file and shared by every rule of the pack.
 */
import ts from 'typescript';
import { isFunctionNode, type FunctionNode } from '../../lib/ts-scope/calls.ts';
import type { Confidence, RuleOptions } from '../../src/authoring.ts';
import { ScopeResolver, unwrap, type Declaration } from '../../lib/ts-scope/scope.ts';
import { projectFastify, type ProjectFastify } from './_version.ts';
import { typedRole } from './_typed.ts';

export type Role = 'instance' | 'request' | 'reply';

export interface RoleInfo {
  role: Role;
  confidence: Confidence;
}

const FASTIFY = 'fastify';
const FASTIFY_PLUGIN = 'fastify-plugin';
/** What the fastify module exports under each name that is the factory itself (`module.exports.fastify`, `.default`). */
const FACTORY_EXPORTS = new Set(['default', 'fastify']);

/** Types from fastify that make a value one of the roles. */
const TYPE_ROLES: Record<string, Role> = { FastifyInstance: 'instance', FastifyRequest: 'request', FastifyReply: 'reply' };
/** Function types from fastify whose parameters are `(instance, opts)`. */
const PLUGIN_TYPES = new Set(['FastifyPluginAsync', 'FastifyPluginCallback']);
/** Function types from fastify whose parameters are `(request, reply, …)`. */
const HANDLER_TYPES = new Set([
  'RouteHandlerMethod', 'RouteHandler',
  ...['onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization', 'onSend', 'onResponse', 'onTimeout', 'onError'].flatMap((hook) => [`${hook}HookHandler`, `${hook}AsyncHookHandler`]),
]);

/** Hooks whose function is called with `(request, reply, …)`: `addHook(name, fn)` and the route option of that name. */
const REQUEST_HOOKS = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization', 'onSend', 'onResponse', 'onTimeout', 'onError']);
/** Hooks whose function is called with `(instance, …)`. */
const INSTANCE_HOOKS = new Set(['onRegister', 'onClose']);
/** Route shorthands: `app.<method>(path, [options,] handler)`. */
const SHORTHANDS = new Set(['get', 'head', 'post', 'put', 'delete', 'options', 'patch', 'all', 'trace', 'propfind', 'proppatch', 'mkcol', 'copy', 'move', 'lock', 'unlock', 'search', 'report', 'mkcalendar']);

/** Methods returning their receiver, so `reply.code(301).send()` and `app.register(a).register(b)` keep the role. */
const CHAINABLE: Record<Role, ReadonlySet<string>> = {
  instance: new Set([
    'register', 'decorate', 'decorateRequest', 'decorateReply', 'addHook', 'addSchema', 'setErrorHandler', 'setNotFoundHandler', 'route',
    'addContentTypeParser', 'removeContentTypeParser', 'removeAllContentTypeParsers', 'setValidatorCompiler', 'setSerializerCompiler',
    'setReplySerializer', 'setSchemaErrorFormatter', 'setSchemaController', 'setGenReqId', 'addHttpMethod', ...SHORTHANDS,
  ]),
  request: new Set(),
  reply: new Set(['code', 'status', 'header', 'headers', 'type', 'serializer', 'removeHeader', 'hijack', 'trailer', 'removeTrailer', 'send']),
};

/** Parameter names real plugins and handlers use: evidence for low-confidence guesses only. */
const REQUEST_NAMES = new Set(['request', 'req']);
const REPLY_NAMES = new Set(['reply']);
const ERROR_NAMES = new Set(['error', 'err']);
const PLUGIN_OPTION_NAMES = new Set(['opts', 'options', '_opts', '_options', 'pluginOptions']);
const INSTANCE_NAMES = new Set(['app', 'server', 'fastify', 'instance']);


/** What a function's parameters are, by position, when it is registered as one kind of callback. */
type Shape = readonly (Role | undefined)[];
const HANDLER: Shape = ['request', 'reply'];
const ERROR_HANDLER: Shape = [undefined, 'request', 'reply'];
const REQUEST_ONLY: Shape = ['request'];
const PLUGIN: Shape = ['instance'];

export class FastifyFacts {
  readonly scopes = new ScopeResolver();
  /** Whether the file imports or requires fastify at all. */
  importsFastify = false;
  /** Whether the file names something `fastify` (a plugin's parameter, by convention). */
  private mentionsFastify = false;
  /** Declarations only a name and a relative import tie to Fastify (`const app = require('./app')`). */
  private readonly namedImports: Declaration[] = [];
  private guessing: boolean | undefined;

  /** Declarations bound to the factory (`Fastify` in `Fastify()`), or to the module namespace (`import * as F`). */
  private readonly factories = new Set<Declaration>();
  private readonly namespaces = new Set<Declaration>();
  /** Declarations bound to fastify-plugin's default export (`fp`). */
  private readonly pluginWrappers = new Set<Declaration>();
  /** Local type names imported from fastify, mapped to the name fastify exports. */
  private readonly typeNames = new Map<string, string>();
  /** Roles of declarations: parameters of registered functions, typed values, relative imports named like an app. */
  private readonly roles = new Map<Declaration, RoleInfo>();
  /** Values assigned to a declared variable after its declaration (`let app; app = Fastify()`). */
  private readonly assignments = new Map<Declaration, ts.Expression[]>();
  /** Declarations and factory bodies whose role is being read, so a circle ends. */
  private readonly reading = new Set<ts.Node>();
  private project: ProjectFastify | null | undefined;
  /** Roles given so far: registrations are read again until a pass gives none. */
  private changes = 0;
  /** Variables' roles, kept once every registration is read (while reading, a role may still come). */
  private readonly settled = new Map<Declaration, RoleInfo | null>();
  private done = false;
  /** What the checker said of each expression asked about (the typed pass asks of the same ones again and again). */
  private readonly typed = new Map<ts.Expression, Role | null>();

  /**
   * @param checker present in the typed pass (a program over the whole project): a value fastify's own declarations
   * type as an instance, a request or a reply is one, at high confidence, where the syntax here showed less
   * (an app built in another module, a handler typed through an alias, a `res` or `ctx.reply` typed `FastifyReply`).
   */
  constructor(
    readonly sourceFile: ts.SourceFile,
    private readonly options: Partial<RuleOptions> = {},
    readonly checker?: ts.TypeChecker,
  ) {
    const calls: ts.CallExpression[] = [];
    const functions: FunctionNode[] = [];
    const visit = (node: ts.Node): void => {
      this.bindingAt(node);
      if (ts.isIdentifier(node) && node.text === FASTIFY) this.mentionsFastify = true;
      if (ts.isCallExpression(node)) calls.push(node);
      else if (isFunctionNode(node)) functions.push(node);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    // typed declarations first, then what is registered on an instance, to a fixed point (a plugin's parameter is an
    // instance, so what the plugin registers on it is a handler); name-shaped functions last, with low confidence
    for (const fn of functions) this.collectTyped(fn);
    for (const call of calls) this.collectPluginWrapper(call);
    this.settle(calls);
    if (this.mayGuess()) {
      for (const declaration of this.namedImports) if (!this.roles.has(declaration)) this.roles.set(declaration, { role: 'instance', confidence: 'low' });
      for (const fn of functions) this.collectNameShaped(fn);
      this.settle(calls);
    }
    this.done = true;
  }

  /** The role of an expression, if the file (or, in the typed pass, the checker) shows it. */
  roleOf(expression: ts.Expression): RoleInfo | undefined {
    const syntactic = this.syntacticRoleOf(expression);
    if (syntactic?.confidence === 'high' || !this.checker) return syntactic;
    return this.typedRoleOf(expression) ?? syntactic;
  }

  /** The role the type checker sees: a value whose type fastify's own declaration files declare (see _typed.ts). */
  private typedRoleOf(expression: ts.Expression): RoleInfo | undefined {
    let role = this.typed.get(expression);
    if (role === undefined) {
      role = typedRole(this.checker!, expression) ?? null;
      this.typed.set(expression, role);
    }
    return role ? { role, confidence: 'high' } : undefined;
  }

  private syntacticRoleOf(expression: ts.Expression): RoleInfo | undefined {
    const node = unwrap(expression);
    if (ts.isIdentifier(node)) {
      const declaration = this.scopes.resolve(node);
      return declaration ? this.roleOfDeclaration(declaration) : undefined;
    }
    if (ts.isPropertyAccessExpression(node)) {
      const owner = this.roleOf(node.expression);
      if (!owner) return undefined;
      const name = node.name.text;
      if (owner.role === 'reply' && name === 'request') return { role: 'request', confidence: owner.confidence };
      if ((owner.role === 'reply' || owner.role === 'request') && name === 'server') return { role: 'instance', confidence: owner.confidence };
      return undefined;
    }
    if (ts.isCallExpression(node)) return this.roleOfCall(node);
    if (ts.isAwaitExpression(node) && ts.isCallExpression(unwrap(node.expression))) return this.roleOfFactory(unwrap(node.expression) as ts.CallExpression);
    return undefined;
  }

  /** Whether `call` calls the factory itself (`Fastify(opts)`, `require('fastify')(opts)`): where server options are given. */
  isFactoryCall(call: ts.CallExpression): boolean {
    return this.isFactory(call.expression);
  }

  /** `{ role, confidence }` when `expression` has one of `roles`, else undefined. */
  is(expression: ts.Expression, ...roles: Role[]): RoleInfo | undefined {
    const info = this.roleOf(expression);
    return info && roles.includes(info.role) ? info : undefined;
  }

  /**
   * Whether names alone may make a (low-confidence) role here: the file uses fastify (imports it, or names something
   * `fastify`), or its project has fastify (installed or declared). An Express project's `const app = require('./app')`
   * is no Fastify instance, whatever it is called.
   */
  private mayGuess(): boolean {
    this.guessing ??= this.importsFastify || this.mentionsFastify || !!this.projectFastify();
    return this.guessing;
  }

  /** The fastify the project of this file runs on its old major, if its install or package.json says (read once, lazily). */
  projectFastify(): ProjectFastify | undefined {
    if (this.project === undefined) this.project = projectFastify(this.options.cwd, this.sourceFile.fileName) ?? null;
    return this.project ?? undefined;
  }

  // --- internal ---

  private roleOfDeclaration(declaration: Declaration): RoleInfo | undefined {
    const known = this.roles.get(declaration);
    if (known) return known;
    if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name) || this.reading.has(declaration)) return undefined;
    const kept = this.settled.get(declaration);
    if (kept !== undefined) return kept ?? undefined;
    const role = this.roleOfVariable(declaration);
    if (this.done && !this.reading.size) this.settled.set(declaration, role ?? null);
    return role;
  }

  /** A variable's role: that of every value it is given (its initializer, later assignments), when they agree. */
  private roleOfVariable(declaration: ts.VariableDeclaration): RoleInfo | undefined {
    this.reading.add(declaration);
    try {
      const values = [...(declaration.initializer ? [declaration.initializer] : []), ...(this.assignments.get(declaration) ?? [])];
      const found = values.map((value) => this.roleOf(value) ?? this.builtElsewhere(declaration, value)).filter((role): role is RoleInfo => !!role);
      const [first] = found;
      // one role, whatever is assigned; every value of it sure for `high`
      if (!first || found.some((role) => role.role !== first.role)) return undefined;
      return { role: first.role, confidence: found.every((role) => role.confidence === 'high') ? 'high' : 'low' };
    } finally {
      this.reading.delete(declaration);
    }
  }

  private roleOfCall(call: ts.CallExpression): RoleInfo | undefined {
    const callee = unwrap(call.expression);
    if (this.isFactory(callee)) return { role: 'instance', confidence: 'high' };
    if (ts.isPropertyAccessExpression(callee)) {
      const owner = this.roleOf(callee.expression);
      if (owner && CHAINABLE[owner.role].has(callee.name.text)) {
        // `app.get('/')`-like reads with one argument are no registrations; `register` and friends always chain
        if (owner.role === 'instance' && SHORTHANDS.has(callee.name.text) && call.arguments.length < 2) return undefined;
        return owner;
      }
      return undefined;
    }
    return this.roleOfFactory(call);
  }

  /**
   * `const app = build()` / `const server = await buildServer(opts)` with the builder imported from the project: only
   * the names say it is a Fastify instance (low), as for `const app = require('./app')`.
   */
  private builtElsewhere(declaration: ts.VariableDeclaration, value: ts.Expression): RoleInfo | undefined {
    if (!ts.isIdentifier(declaration.name) || !INSTANCE_NAMES.has(declaration.name.text) || !this.mayGuess()) return undefined;
    let node = unwrap(value);
    if (ts.isAwaitExpression(node)) node = unwrap(node.expression);
    const callee = ts.isCallExpression(node) ? unwrap(node.expression) : undefined;
    const builder = callee && ts.isIdentifier(callee) ? this.scopes.resolve(callee) : undefined;
    return builder && isRelativeBinding(builder) ? { role: 'instance', confidence: 'low' } : undefined;
  }

  /** `const app = build()`: a local function whose returns are all instances makes one. */
  private roleOfFactory(call: ts.CallExpression): RoleInfo | undefined {
    const callee = unwrap(call.expression);
    const declaration = ts.isIdentifier(callee) ? this.scopes.resolve(callee) : undefined;
    const fn = declaration && functionOf(declaration);
    if (!fn?.body || this.reading.has(fn)) return undefined;
    this.reading.add(fn);
    try {
      const returned = returnedExpressions(fn.body).map((value) => this.roleOf(value));
      const [first] = returned;
      if (!first || returned.some((role) => role?.role !== first.role)) return undefined;
      return { role: first.role, confidence: returned.every((role) => role!.confidence === 'high') ? 'high' : 'low' };
    } finally {
      this.reading.delete(fn);
    }
  }

  /** The factory: `Fastify`, `F.fastify` / `F.default` on a namespace, `require('fastify')` (and its `.fastify`). */
  private isFactory(expression: ts.Expression): boolean {
    const node = unwrap(expression);
    if (ts.isIdentifier(node)) {
      const declaration = this.scopes.resolve(node);
      return !!declaration && this.factories.has(declaration);
    }
    if (isRequireOf(node, FASTIFY)) return true;
    if (ts.isPropertyAccessExpression(node) && FACTORY_EXPORTS.has(node.name.text)) {
      const owner = unwrap(node.expression);
      if (isRequireOf(owner, FASTIFY)) return true;
      const declaration = ts.isIdentifier(owner) ? this.scopes.resolve(owner) : undefined;
      return !!declaration && (this.namespaces.has(declaration) || this.factories.has(declaration));
    }
    return false;
  }

  /** Imports and requires of fastify and fastify-plugin; assignments to declared variables. */
  private bindingAt(node: ts.Node): void {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) this.importAt(node, node.moduleSpecifier.text);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      const module = node.moduleReference.expression.text;
      if (module === FASTIFY) this.importsFastify = true;
      if (module === FASTIFY) this.factories.add(node);
      if (module === FASTIFY_PLUGIN) this.pluginWrappers.add(node);
    } else if (ts.isVariableDeclaration(node) && node.initializer) this.requireAt(node, node.initializer);
    else if (ts.isCallExpression(node) && isRequireOf(node, FASTIFY)) this.importsFastify = true;
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(unwrap(node.left))) {
      const declaration = this.scopes.resolve(unwrap(node.left) as ts.Identifier);
      if (declaration) this.assignments.set(declaration, [...(this.assignments.get(declaration) ?? []), node.right]);
    }
  }

  private importAt(node: ts.ImportDeclaration, module: string): void {
    if (module === FASTIFY) this.importsFastify = true;
    const clause = node.importClause;
    if (!clause || (clause.isTypeOnly && module !== FASTIFY)) return;
    const named = clause.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : [];
    if (module === FASTIFY_PLUGIN) {
      if (clause.name) this.pluginWrappers.add(clause);
      for (const specifier of named) if ((specifier.propertyName ?? specifier.name).text === 'default') this.pluginWrappers.add(specifier);
    } else if (module.startsWith('.')) {
      // `import app from './app'`: only the name ties it to Fastify
      if (clause.name && INSTANCE_NAMES.has(clause.name.text)) this.namedImports.push(clause);
      for (const specifier of named) if (INSTANCE_NAMES.has(specifier.name.text) && !specifier.isTypeOnly) this.namedImports.push(specifier);
    } else if (module === FASTIFY) {
      if (clause.name && !clause.isTypeOnly) this.factories.add(clause);
      if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) this.namespaces.add(clause.namedBindings);
      for (const specifier of named) {
        const imported = (specifier.propertyName ?? specifier.name).text;
        if (FACTORY_EXPORTS.has(imported) && !specifier.isTypeOnly && !clause.isTypeOnly) this.factories.add(specifier);
        if (imported in TYPE_ROLES || PLUGIN_TYPES.has(imported) || HANDLER_TYPES.has(imported)) this.typeNames.set(specifier.name.text, imported);
      }
    }
  }

  /** `const Fastify = require('fastify')`, `const { fastify } = require('fastify')`, `const fp = require('fastify-plugin')`, `const Fastify = (await import('fastify')).default`. */
  private requireAt(declaration: ts.VariableDeclaration, initializer: ts.Expression): void {
    const value = unwrap(initializer);
    const name = declaration.name;
    if (isRequireOf(value, FASTIFY_PLUGIN) && ts.isIdentifier(name)) this.pluginWrappers.add(declaration);
    if (ts.isIdentifier(name) && INSTANCE_NAMES.has(name.text) && isRelativeRequire(value)) this.namedImports.push(declaration);
    const whole = isRequireOf(value, FASTIFY) || isDynamicImportOf(value, FASTIFY);
    const member = ts.isPropertyAccessExpression(value) && FACTORY_EXPORTS.has(value.name.text) && isRequireOrImportOf(value.expression, FASTIFY);
    if (!whole && !member) return;
    this.importsFastify = true;
    if (ts.isIdentifier(name)) {
      // `require('fastify')` is the factory; `await import('fastify')` the namespace, whose `.default` is the factory
      if (member || isRequireOf(value, FASTIFY)) this.factories.add(declaration);
      else this.namespaces.add(declaration);
      return;
    }
    if (!ts.isObjectBindingPattern(name) || member) return;
    for (const element of name.elements) {
      const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : ts.isIdentifier(element.name) ? element.name.text : '';
      if (FACTORY_EXPORTS.has(imported) && ts.isIdentifier(element.name) && !element.dotDotDotToken) this.factories.add(element);
    }
  }

  /** The fastify type a type annotation names (`FastifyReply`, `FastifyRequest<{ Params: P }>`), if any. */
  private fastifyTypeOf(type: ts.TypeNode | undefined): string | undefined {
    if (!type || !ts.isTypeReferenceNode(type)) return undefined;
    const name = type.typeName;
    if (ts.isIdentifier(name)) return this.typeNames.get(name.text);
    const owner = ts.isIdentifier(name.left) ? this.scopes.resolve(name.left) : undefined;
    const member = name.right.text;
    if (owner && (this.namespaces.has(owner) || this.factories.has(owner)) && (member in TYPE_ROLES || PLUGIN_TYPES.has(member) || HANDLER_TYPES.has(member))) return member;
    return undefined;
  }

  /** Parameters typed from fastify, and functions whose variable is typed a plugin or a handler. */
  private collectTyped(fn: FunctionNode): void {
    for (const parameter of fn.parameters) {
      const typed = this.fastifyTypeOf(parameter.type);
      if (typed && typed in TYPE_ROLES && ts.isIdentifier(parameter.name)) this.roles.set(parameter, { role: TYPE_ROLES[typed]!, confidence: 'high' });
    }
    const holder = fn.parent && ts.isVariableDeclaration(fn.parent) && fn.parent.initializer && unwrap(fn.parent.initializer) === fn ? fn.parent : undefined;
    const typed = holder && this.fastifyTypeOf(holder.type);
    if (typed && PLUGIN_TYPES.has(typed)) this.recordFunction(fn, PLUGIN, 'high');
    if (typed && HANDLER_TYPES.has(typed)) this.recordFunction(fn, HANDLER, 'high');
  }

  /** `fp(fn, options)`: fastify-plugin wraps only Fastify plugins, registered or exported. */
  private collectPluginWrapper(call: ts.CallExpression): void {
    if (this.isPluginWrapperCall(call) && call.arguments[0]) this.addFunction(call.arguments[0], PLUGIN, 'high');
  }

  /** A call of fastify-plugin's default export (`fp(fn, meta)`, `require('fastify-plugin')(fn)`). */
  isPluginWrapperCall(call: ts.CallExpression): boolean {
    const callee = unwrap(call.expression);
    const declaration = ts.isIdentifier(callee) ? this.scopes.resolve(callee) : undefined;
    return !!(declaration && this.pluginWrappers.has(declaration)) || isRequireOf(callee, FASTIFY_PLUGIN);
  }

  /** Registrations on instances until no parameter gains a role: a plugin's instance registers the next handlers. */
  private settle(calls: readonly ts.CallExpression[]): void {
    for (let pass = 0; pass < 6; pass++) {
      const before = this.changes;
      for (const call of calls) this.collectRegistration(call);
      if (this.changes === before) return;
    }
  }

  private collectRegistration(call: ts.CallExpression): void {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const owner = this.roleOf(callee.expression);
    if (owner?.role !== 'instance') return;
    const { confidence } = owner;
    const method = callee.name.text;
    const args = call.arguments.map(unwrap);
    if (method === 'register' && args[0]) this.addFunction(args[0], PLUGIN, confidence);
    else if (method === 'route' && args[0] && ts.isObjectLiteralExpression(args[0])) this.addRouteOptions(args[0], confidence);
    else if (method === 'addHook' && args.length === 2) {
      const name = ts.isStringLiteralLike(args[0]!) ? args[0].text : '';
      if (REQUEST_HOOKS.has(name)) this.addFunction(args[1]!, HANDLER, confidence);
      else if (name === 'onRequestAbort') this.addFunction(args[1]!, REQUEST_ONLY, confidence);
      else if (INSTANCE_HOOKS.has(name)) this.addFunction(args[1]!, PLUGIN, confidence);
    } else if (method === 'setErrorHandler' && args[0]) this.addFunction(args[0], ERROR_HANDLER, confidence);
    else if (method === 'setNotFoundHandler' && args.length) {
      if (args.length === 2 && ts.isObjectLiteralExpression(args[0]!)) this.addRouteOptions(args[0], confidence);
      this.addFunction(args.at(-1)!, HANDLER, confidence);
    } else if (method === 'addContentTypeParser' && args.length >= 2) this.addFunction(args.at(-1)!, REQUEST_ONLY, confidence);
    else if (SHORTHANDS.has(method) && args.length >= 2) {
      const [, second, third] = args;
      if (args.length === 2 && ts.isObjectLiteralExpression(second!)) this.addRouteOptions(second, confidence);
      else this.addFunction(args.at(-1)!, HANDLER, confidence);
      if (third && ts.isObjectLiteralExpression(second!)) this.addRouteOptions(second, confidence);
    }
  }

  /** A route's options: its `handler`, its hooks (a function or an array of them) and its `errorHandler`. */
  private addRouteOptions(options: ts.ObjectLiteralExpression, confidence: Confidence): void {
    for (const property of options.properties) {
      const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
      if (!name) continue;
      const shape = name === 'handler' || REQUEST_HOOKS.has(name) ? HANDLER : name === 'errorHandler' ? ERROR_HANDLER : name === 'onRequestAbort' ? REQUEST_ONLY : undefined;
      if (!shape) continue;
      if (ts.isMethodDeclaration(property)) this.recordFunction(property, shape, confidence);
      else if (ts.isPropertyAssignment(property)) this.addFunction(property.initializer, shape, confidence);
      else if (ts.isShorthandPropertyAssignment(property)) this.addFunction(property.name, shape, confidence);
    }
  }

  /**
   * The function an argument stands for: inline, a local function or `const` by name, each of an array, a method
   * of a local object (`handlers.list`), or the function given to `fp(…)` or another wrapper call.
   */
  private addFunction(expression: ts.Expression, shape: Shape, confidence: Confidence, depth = 0): void {
    const node = unwrap(expression);
    if (depth > 3) return;
    if (isFunctionNode(node)) this.recordFunction(node, shape, confidence);
    else if (ts.isArrayLiteralExpression(node)) for (const element of node.elements) this.addFunction(element, shape, confidence, depth + 1);
    else if (ts.isIdentifier(node)) {
      const declaration = this.scopes.resolve(node);
      if (declaration && ts.isFunctionDeclaration(declaration)) this.recordFunction(declaration, shape, confidence);
      else if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) this.addFunction(declaration.initializer, shape, confidence, depth + 1);
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const declaration = this.scopes.resolve(node.expression);
      const object = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? unwrap(declaration.initializer) : undefined;
      const member = object && ts.isObjectLiteralExpression(object) ? object.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === node.name.text) : undefined;
      if (member && ts.isMethodDeclaration(member)) this.recordFunction(member, shape, confidence);
      else if (member && ts.isPropertyAssignment(member)) this.addFunction(member.initializer, shape, confidence, depth + 1);
    } else if (ts.isCallExpression(node)) {
      // `fp(plugin)`, `wrap(async (request, reply) => …)`: the function it is given
      for (const argument of node.arguments) if (isFunctionNode(unwrap(argument)) || ts.isIdentifier(unwrap(argument))) this.addFunction(argument, shape, confidence, depth + 1);
    }
  }

  private recordFunction(fn: FunctionNode, shape: Shape, confidence: Confidence): void {
    shape.forEach((role, index) => {
      const parameter = fn.parameters[index];
      if (!role || !parameter || parameter.dotDotDotToken || !ts.isIdentifier(parameter.name)) return;
      const known = this.roles.get(parameter);
      if (known && (known.confidence === 'high' || confidence === 'low')) return;
      this.roles.set(parameter, { role, confidence });
      this.changes++;
    });
  }

  /** `(request, reply)`, `(error, request, reply)` and `async function (fastify, opts)` not registered in this file. */
  private collectNameShaped(fn: FunctionNode): void {
    if (fn.parameters.some((p) => this.roles.has(p))) return;
    const names = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
    if (REQUEST_NAMES.has(names[0]!) && REPLY_NAMES.has(names[1]!)) this.recordFunction(fn, HANDLER, 'low');
    else if (ERROR_NAMES.has(names[0]!) && REQUEST_NAMES.has(names[1]!) && REPLY_NAMES.has(names[2]!)) this.recordFunction(fn, ERROR_HANDLER, 'low');
    else if (names[0] === 'fastify' || (INSTANCE_NAMES.has(names[0]!) && PLUGIN_OPTION_NAMES.has(names[1]!))) this.recordFunction(fn, PLUGIN, 'low');
  }
}

/** `require('<module>')`. */
export function isRequireOf(expression: ts.Expression, module: string): boolean {
  const node = unwrap(expression);
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    ts.isStringLiteralLike(node.arguments[0]!) &&
    node.arguments[0].text === module
  );
}

/** `await import('<module>')`. */
function isDynamicImportOf(expression: ts.Expression, module: string): boolean {
  const node = unwrap(expression);
  if (!ts.isAwaitExpression(node)) return false;
  const call = unwrap(node.expression);
  const [specifier] = ts.isCallExpression(call) && call.expression.kind === ts.SyntaxKind.ImportKeyword ? call.arguments : [];
  return !!specifier && ts.isStringLiteralLike(specifier) && specifier.text === module;
}

const isRequireOrImportOf = (expression: ts.Expression, module: string) => isRequireOf(expression, module) || isDynamicImportOf(expression, module);

/** `require('./app')` or `require('../app').app`. */
function isRelativeRequire(expression: ts.Expression): boolean {
  let node = unwrap(expression);
  if (ts.isPropertyAccessExpression(node)) node = unwrap(node.expression);
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && !!node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]) && node.arguments[0].text.startsWith('.');
}

/** A name bound by `require('./x')`, `require('./x').y`, `const { y } = require('./x')` or an import from './x'. */
function isRelativeBinding(declaration: Declaration): boolean {
  if (ts.isVariableDeclaration(declaration)) return !!declaration.initializer && isRelativeRequire(declaration.initializer);
  if (ts.isBindingElement(declaration) && ts.isVariableDeclaration(declaration.parent.parent)) {
    const initializer = declaration.parent.parent.initializer;
    return !!initializer && isRelativeRequire(initializer);
  }
  const importDeclaration = ts.isImportClause(declaration) ? declaration.parent : ts.isImportSpecifier(declaration) ? declaration.parent.parent.parent : undefined;
  return !!importDeclaration && ts.isStringLiteral(importDeclaration.moduleSpecifier) && importDeclaration.moduleSpecifier.text.startsWith('.');
}

/** The function a declaration names: `function f() {}` or `const f = () => …`. */
function functionOf(declaration: Declaration): ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | undefined {
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  const init = ts.isVariableDeclaration(declaration) && declaration.initializer ? unwrap(declaration.initializer) : undefined;
  return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
}

/** What a function body returns (unwrapped), not counting the returns of functions nested in it. */
function returnedExpressions(body: ts.ConciseBody): ts.Expression[] {
  if (!ts.isBlock(body)) return [unwrap(body)];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isReturnStatement(node) && node.expression) {
      found.push(unwrap(node.expression));
      return;
    }
    if (ts.isFunctionLike(node)) return;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

const isNumberType = (node: ts.TypeNode | undefined) => node?.kind === ts.SyntaxKind.NumberKeyword;

/**
 * Numeric at a glance: a number literal (or its negation), a `const` initialised with one, a binding typed `number`,
 * `Number(…)`, `parseInt(…)`, `+x`.
 */
export function isNumeric(facts: FastifyFacts, expression: ts.Expression, depth = 0): boolean {
  const node = unwrap(expression);
  if (ts.isNumericLiteral(node)) return true;
  if (ts.isPrefixUnaryExpression(node)) return node.operator === ts.SyntaxKind.PlusToken || (node.operator === ts.SyntaxKind.MinusToken && isNumeric(facts, node.operand, depth));
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['Number', 'parseInt'].includes(node.expression.text) && !facts.scopes.resolve(node.expression)) return true;
  if (ts.isIdentifier(node) && depth < 3) {
    const declaration = facts.scopes.resolve(node);
    if (!declaration || !(ts.isVariableDeclaration(declaration) || ts.isParameter(declaration))) return false;
    if (declaration.type) return isNumberType(declaration.type);
    const constant = ts.isVariableDeclaration(declaration) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    return constant && !!declaration.initializer && isNumeric(facts, declaration.initializer, depth + 1);
  }
  return false;
}
