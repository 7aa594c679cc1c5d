/**
 * @module codemods/express/_facts
 * Which expressions in a file are shown to be Express objects ("precision first", DESIGN.md): the result of
 * `express()` / `express.Router()`, handler parameters of routes and middleware registered on those, and values
 * typed `Request`/`Response`/`Application`/`Router`/`RequestHandler` from express. Evidence that is only a
 * parameter name (`function (req, res)` in a file that never registers it) gives `low` confidence.
 * Computed once per file and shared by every rule.
 */
import ts from 'typescript';
import { isFunctionNode, type FunctionNode } from '../../lib/ts-scope/calls.ts';
import { kindTable } from '../../lib/ts-scope/kinds.ts';
import type { Confidence } from '../../src/authoring.ts';
import { ScopeResolver, unwrap, type Declaration } from './_scope.ts';
import { isShimSpecifier } from './_vendor.ts';

export type Role = 'app' | 'router' | 'route' | 'req' | 'res' | 'next' | 'err';

export interface RoleInfo {
  role: Role;
  confidence: Confidence;
}

/** `app.get('/path', …handlers)` or a router's: the method, the literal path, and the functions in this file that answer it. */
export interface Registration {
  method: string;
  path: string;
  owner: 'app' | 'router';
  call: ts.CallExpression;
  handlers: ts.Node[];
}

/** A function registered as (or typed as) a handler, with the parameter for each role. */
export interface HandlerInfo {
  fn: ts.SignatureDeclaration;
  confidence: Confidence;
  params: Partial<Record<'err' | 'req' | 'res' | 'next', ts.ParameterDeclaration>>;
}

const EXPRESS_MODULES = new Set(['express', 'express-serve-static-core']);
/** Where apps import the runtime shim from; `straddle(app)` there hands back the app it wraps. */
export const SHIM_MODULE = 'straddle/express';


export const HTTP_VERBS = new Set([
  'get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'all', 'del',
  'checkout', 'copy', 'lock', 'merge', 'mkactivity', 'mkcol', 'move', 'm-search', 'notify', 'purge',
  'report', 'search', 'subscribe', 'trace', 'unlock', 'unsubscribe', 'propfind', 'proppatch', 'link', 'unlink',
]);
const REGISTRATION_METHODS = new Set([...HTTP_VERBS, 'use', 'param']);

const TYPE_ROLES: Record<string, Role> = {
  Request: 'req',
  Response: 'res',
  NextFunction: 'next',
  Application: 'app',
  Express: 'app',
  Router: 'router',
  IRouter: 'router',
  IRoute: 'route',
};
const HANDLER_TYPES = new Set(['RequestHandler', 'ErrorRequestHandler', 'Handler', 'RequestParamHandler']);

/** Methods returning their receiver, so `res.status(404).send(…)` keeps the role of `res`. */
const CHAINABLE: Partial<Record<Role, ReadonlySet<string>>> = {
  res: new Set(['status', 'set', 'header', 'type', 'contentType', 'cookie', 'clearCookie', 'location', 'vary', 'append', 'links', 'attachment', 'format']),
  app: new Set(['use', 'set', 'enable', 'disable', 'engine', 'param', ...HTTP_VERBS].filter((m) => m !== 'get')),
  router: new Set(['use', 'param', ...HTTP_VERBS]),
  route: new Set([...HTTP_VERBS]),
};

/** Operators that put a default in place of a value: `a || b`, `a ?? b`. */
export const DEFAULTING = new Set([ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken]);
/** The kinds moduleBindingAt and declarationAt read: the walk asks these tables before calling them on every node. */
const MAY_BIND_MODULE = kindTable((node) => ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node) || ts.isVariableDeclaration(node) || ts.isCallExpression(node));
const MAY_DECLARE = kindTable(
  (node) =>
    ts.isVariableDeclaration(node) ||
    ts.isPropertyDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isParameter(node) ||
    ts.isBinaryExpression(node) ||
    ts.isImportClause(node) ||
    ts.isImportSpecifier(node),
);
/** Modifiers that make a constructor parameter a field. */
const FIELD_MODIFIERS = new Set([ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.ReadonlyKeyword]);

/** Names that real code uses for handler parameters; used only for low-confidence guesses. */
const REQ_NAMES = new Set(['req', 'request']);
const RES_NAMES = new Set(['res', 'response']);
const ERR_NAMES = new Set(['err', 'error', 'e']);
const APP_NAMES = new Map<string, Role>([['app', 'app'], ['router', 'router']]);

export class ExpressFacts {
  readonly scopes = new ScopeResolver();
  /** Local names bound to the express module itself (`express` in `express()`). */
  readonly moduleNames = new Set<string>();
  /** Local names bound to `Router` from express. */
  readonly routerFactories = new Set<string>();
  /** Local type names imported from express, mapped to the name express exports. */
  readonly typeNames = new Map<string, string>();
  /** Whether the file imports or requires express at all. */
  importsExpress = false;
  /** Local names bound to `straddle` from the runtime shim: `straddle(app)` returns the app it was given. */
  readonly shimNames = new Set<string>();

  /** Route registrations with the functions that answer them (`app.get('/x', h)`), in source order: replay's route table. */
  readonly registrations: Registration[] = [];

  private readonly roles = new Map<Declaration, RoleInfo>();
  private readonly thisRoles = new Map<string, RoleInfo>();
  private readonly handlers = new Map<ts.Node, HandlerInfo>();

  /**
   * @param checker present in the typed pass (a ts-morph Program over the project): answers what the syntax alone
   * cannot, such as an app imported from another module or a status code typed `number` elsewhere.
   */
  constructor(
    readonly sourceFile: ts.SourceFile,
    readonly checker?: ts.TypeChecker,
  ) {
    // One walk: bindings and declarations in source order (imports and app creations come before their use),
    // then registrations and name-shaped handlers over what it gathered.
    const calls: ts.CallExpression[] = [];
    const functions: FunctionNode[] = [];
    const visit = (node: ts.Node): void => {
      if (MAY_BIND_MODULE(node)) this.moduleBindingAt(node);
      if (MAY_DECLARE(node)) this.declarationAt(node);
      if (ts.isCallExpression(node)) calls.push(node);
      else if (isFunctionNode(node)) functions.push(node);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    for (const call of calls) this.collectRegistration(call);
    for (const fn of functions) this.collectNameShapedHandler(fn);
    // helpers a handler hands its request or response to (`sendError(res, err)`, `clean('query', req)`), two levels deep
    for (let depth = 0; depth < 2; depth++) for (const call of calls) this.collectHelperCall(call);
  }

  /** The Express role of an expression, if shown. */
  roleOf(expression: ts.Expression): RoleInfo | undefined {
    const syntactic = this.syntacticRoleOf(expression);
    if (syntactic?.confidence === 'high' || !this.checker) return syntactic;
    return this.typedRoleOf(expression) ?? syntactic;
  }

  /** The role the type checker sees: a value whose type is declared by @types/express or its core. */
  private typedRoleOf(expression: ts.Expression): RoleInfo | undefined {
    const type = this.checker!.getTypeAtLocation(unwrap(expression));
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const declaration = symbol?.declarations?.[0];
    if (!symbol || !declaration) return undefined;
    const file = declaration.getSourceFile().fileName;
    if (!/\/@types\/(express|express-serve-static-core)\//.test(file)) return undefined;
    const role = TYPE_ROLES[symbol.name];
    return role ? { role, confidence: 'high' } : undefined;
  }

  private syntacticRoleOf(expression: ts.Expression): RoleInfo | undefined {
    const node = unwrap(expression);
    if (ts.isIdentifier(node)) {
      const declaration = this.scopes.resolve(node);
      return declaration ? this.roles.get(declaration) : undefined;
    }
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return this.thisRoles.get(name) ?? this.roleOfGetter(name);
      const owner = this.roleOf(node.expression);
      if (!owner) return undefined;
      if (owner.role === 'req' && name === 'res') return { role: 'res', confidence: owner.confidence };
      if (owner.role === 'res' && name === 'req') return { role: 'req', confidence: owner.confidence };
      if ((owner.role === 'req' || owner.role === 'res') && name === 'app') return { role: 'app', confidence: owner.confidence };
      return undefined;
    }
    if (ts.isCallExpression(node)) return this.roleOfCall(node);
    return undefined;
  }

  /** True when `expression` is an Express object of one of `roles`, with enough confidence for the options. */
  is(expression: ts.Expression, ...roles: Role[]): RoleInfo | undefined {
    const info = this.roleOf(expression);
    return info && roles.includes(info.role) ? info : undefined;
  }

  /** The innermost registered or typed handler enclosing a node. */
  enclosingHandler(node: ts.Node): HandlerInfo | undefined {
    for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
      const info = this.handlers.get(current);
      if (info) return info;
    }
    return undefined;
  }

  /** Whether `call` is `express.<name>(…)` / `<alias of express>.<name>` / `require('express').<name>` on the module. */
  isModuleMember(expression: ts.Expression, name: string): boolean {
    const node = unwrap(expression);
    return ts.isPropertyAccessExpression(node) && node.name.text === name && this.isModule(node.expression);
  }

  /** The express module itself: its binding (not a shadowing local), or `require('express')` inline. */
  private isModule(expression: ts.Expression): boolean {
    const node = unwrap(expression);
    if (ts.isIdentifier(node)) return this.moduleNames.has(node.text) && this.isModuleBinding(node);
    return isRequireOf(node, 'express');
  }

  /** Whether an identifier refers to the express module binding (not a shadowing local). */
  isModuleBinding(identifier: ts.Identifier): boolean {
    const declaration = this.scopes.resolve(identifier);
    return !!declaration && this.moduleDeclarations.has(declaration);
  }

  // --- internal ---

  private readonly moduleDeclarations = new Set<Declaration>();
  /** Getter bodies by name: `get app() { return this._app; }` makes `this.app` what it returns. */
  private readonly getters = new Map<string, ts.Block>();
  /** Factory and getter bodies being read, so a function that returns its own call ends. */
  private readonly inFactory = new Set<ts.Node>();

  private roleOfGetter(name: string): RoleInfo | undefined {
    const body = this.getters.get(name);
    return body && this.readingOnce(body, () => {
      const [returned] = returnedExpressions(body);
      return returned && this.roleOf(returned);
    });
  }

  /** Reads a factory's or getter's body, or nothing when it is being read already (it returns its own call). */
  private readingOnce(body: ts.Node, read: () => RoleInfo | undefined): RoleInfo | undefined {
    if (this.inFactory.has(body)) return undefined;
    this.inFactory.add(body);
    try {
      return read();
    } finally {
      this.inFactory.delete(body);
    }
  }

  /** `straddle(express())`: the shim hands back the app or router it wraps. */
  isShimWrap(call: ts.CallExpression): boolean {
    const callee = unwrap(call.expression);
    return ts.isIdentifier(callee) && this.shimNames.has(callee.text) && call.arguments.length > 0;
  }

  private roleOfCall(call: ts.CallExpression): RoleInfo | undefined {
    if (this.isShimWrap(call)) return this.roleOf(call.arguments[0]!);
    const callee = unwrap(call.expression);
    // `require('express')()`: the app, created inline
    if (this.isModule(callee)) return { role: 'app', confidence: 'high' };
    if (ts.isIdentifier(callee)) {
      if (this.routerFactories.has(callee.text) && this.isModuleBinding(callee)) return { role: 'router', confidence: 'high' };
      return undefined;
    }
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    if (this.isModuleMember(callee, 'Router')) return { role: 'router', confidence: 'high' };
    const owner = this.roleOf(callee.expression);
    if (!owner) return undefined;
    const method = callee.name.text;
    if ((owner.role === 'app' || owner.role === 'router') && method === 'route') return { role: 'route', confidence: owner.confidence };
    if (CHAINABLE[owner.role]?.has(method)) return owner;
    return undefined;
  }

  private moduleBindingAt(node: ts.Node): void {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && EXPRESS_MODULES.has(node.moduleSpecifier.text)) {
      this.importsExpress = true;
      const clause = node.importClause;
      const isRuntime = node.moduleSpecifier.text === 'express';
      if (clause?.name && isRuntime) this.addModuleName(clause.name.text, clause);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings) && isRuntime) this.addModuleName(bindings.name.text, bindings);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const specifier of bindings.elements) this.addNamedImport((specifier.propertyName ?? specifier.name).text, specifier.name.text, specifier);
      }
    } else if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && isShimSpecifier(node.moduleSpecifier.text, SHIM_MODULE)) {
      const bindings = node.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const specifier of bindings.elements) if ((specifier.propertyName ?? specifier.name).text === 'straddle') this.shimNames.add(specifier.name.text);
      }
    } else if (ts.isVariableDeclaration(node) && node.initializer && isShimRequire(node.initializer) && ts.isObjectBindingPattern(node.name)) {
      for (const element of node.name.elements) {
        const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : ts.isIdentifier(element.name) ? element.name.text : '';
        if (imported === 'straddle' && ts.isIdentifier(element.name)) this.shimNames.add(element.name.text);
      }
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const ref = node.moduleReference.expression;
      if (ts.isStringLiteral(ref) && ref.text === 'express') {
        this.importsExpress = true;
        this.addModuleName(node.name.text, node);
      }
    } else if (ts.isCallExpression(node) && isRequireOf(node, 'express')) {
      this.importsExpress = true;
    }
    // `const express = (await import('express')).default` / `const { default: express, Router } = await import('express')`
    const dynamic = ts.isVariableDeclaration(node) && node.initializer ? dynamicImportOf(node.initializer, 'express') : undefined;
    if (dynamic) {
      this.importsExpress = true;
      const declaration = node as ts.VariableDeclaration;
      if (dynamic === 'default' && ts.isIdentifier(declaration.name)) this.addModuleName(declaration.name.text, declaration);
      if (dynamic === 'namespace' && ts.isObjectBindingPattern(declaration.name)) {
        for (const element of declaration.name.elements) {
          if (!ts.isIdentifier(element.name)) continue;
          const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
          if (imported === 'default') this.addModuleName(element.name.text, element);
          else this.addNamedImport(imported, element.name.text, element);
        }
      }
    }
    if (ts.isVariableDeclaration(node) && node.initializer && isRequireOf(node.initializer, 'express')) {
      this.importsExpress = true;
      if (ts.isIdentifier(node.name)) this.addModuleName(node.name.text, node);
      else if (ts.isObjectBindingPattern(node.name)) {
        for (const element of node.name.elements) {
          if (!ts.isIdentifier(element.name)) continue;
          const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
          this.addNamedImport(imported, element.name.text, element);
        }
      }
    }
  }

  private addModuleName(local: string, declaration: Declaration): void {
    this.moduleNames.add(local);
    this.moduleDeclarations.add(declaration);
  }

  private addNamedImport(imported: string, local: string, declaration: Declaration): void {
    if (imported === 'Router') {
      this.routerFactories.add(local);
      this.moduleDeclarations.add(declaration);
    }
    if (imported in TYPE_ROLES || HANDLER_TYPES.has(imported)) this.typeNames.set(local, imported);
  }

  /** The express type a type annotation names (`Request`, `express.Response`, `Request<P>`), if any. */
  private expressTypeOf(type: ts.TypeNode | undefined): string | undefined {
    if (!type || !ts.isTypeReferenceNode(type)) return undefined;
    const name = type.typeName;
    if (ts.isIdentifier(name)) return this.typeNames.get(name.text);
    if (ts.isIdentifier(name.left) && this.moduleNames.has(name.left.text)) {
      const member = name.right.text;
      return member in TYPE_ROLES || HANDLER_TYPES.has(member) ? member : undefined;
    }
    return undefined;
  }

  private declarationAt(node: ts.Node): void {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      const typed = this.expressTypeOf(node.type);
      if (typed && typed in TYPE_ROLES) this.roles.set(node, { role: TYPE_ROLES[typed]!, confidence: 'high' });
      else if (typed && HANDLER_TYPES.has(typed) && node.initializer) this.addHandler(unwrap(node.initializer), 'high', typed === 'ErrorRequestHandler');
      else if (node.initializer) {
        const role = this.roleOfCreation(node.initializer);
        if (role) this.roles.set(node, role);
        else if (APP_NAMES.has(node.name.text) && isRelativeRequire(node.initializer)) this.roles.set(node, { role: APP_NAMES.get(node.name.text)!, confidence: 'low' });
      }
    } else if (ts.isPropertyDeclaration(node) && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name))) {
      // `private app: Application`, `readonly router = express.Router()`: what `this.<name>` holds
      const typed = this.expressTypeOf(node.type);
      const role = typed && typed in TYPE_ROLES ? { role: TYPE_ROLES[typed]!, confidence: 'high' as const } : node.initializer && this.roleOfCreation(node.initializer);
      if (role) this.thisRoles.set(node.name.text, role);
    } else if (ts.isGetAccessorDeclaration(node) && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name)) && node.body) {
      this.getters.set(node.name.text, node.body);
    } else if (ts.isParameter(node) && ts.isIdentifier(node.name)) {
      const typed = this.expressTypeOf(node.type);
      const defaulted = node.initializer && this.roleOfCreation(node.initializer);
      if (typed && typed in TYPE_ROLES) this.roles.set(node, { role: TYPE_ROLES[typed]!, confidence: 'high' });
      // `function mount(app = express())`
      else if (defaulted) this.roles.set(node, defaulted);
      // `module.exports = (app) => { app.get(…) }`: only the name says so
      else if (!node.type && APP_NAMES.has(node.name.text)) this.roles.set(node, { role: APP_NAMES.get(node.name.text)!, confidence: 'low' });
      // `constructor(private readonly app: Application)` is a field too
      const role = this.roles.get(node);
      if (role && ts.isConstructorDeclaration(node.parent) && ts.getModifiers(node)?.some((m) => FIELD_MODIFIERS.has(m.kind))) this.thisRoles.set(node.name.text, role);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      this.collectAssignment(node);
    } else if ((ts.isImportClause(node) || ts.isImportSpecifier(node)) && node.name && APP_NAMES.has(node.name.text) && isRelativeImport(node)) {
      // `import app from './app'`: the name is the only evidence until the typed pass looks at the module
      this.roles.set(node, { role: APP_NAMES.get(node.name.text)!, confidence: 'low' });
    }
  }

  /** `app = express()` on a declared `let`, `this.app = express()`, `module.exports.app = …` is ignored. */
  private collectAssignment(node: ts.BinaryExpression): void {
    const role = this.roleOfCreation(node.right);
    if (!role) return;
    const left = unwrap(node.left);
    if (ts.isIdentifier(left)) {
      const declaration = this.scopes.resolve(left);
      if (declaration && !this.roles.has(declaration)) this.roles.set(declaration, role);
    } else if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      this.thisRoles.set(left.name.text, role);
    }
  }

  /** `express()`, `express.Router()`, `Router()`, `new express.Router()`, through `a = b = express()` chains. */
  private roleOfCreation(expression: ts.Expression): RoleInfo | undefined {
    let node = unwrap(expression);
    while (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) node = unwrap(node.right);
    // `customApp || express()`, `options.router ?? Router()`, `given ? given : express()`: what stands in for a
    // created app is an app
    if (ts.isBinaryExpression(node) && DEFAULTING.has(node.operatorToken.kind)) return this.roleOfCreation(node.right) ?? this.roleOfCreation(node.left);
    if (ts.isConditionalExpression(node)) return this.roleOfCreation(node.whenTrue) ?? this.roleOfCreation(node.whenFalse);
    if (ts.isNewExpression(node)) {
      const callee = unwrap(node.expression);
      if (this.isModuleMember(callee, 'Router')) return { role: 'router', confidence: 'high' };
      if (ts.isIdentifier(callee) && this.routerFactories.has(callee.text) && this.isModuleBinding(callee)) return { role: 'router', confidence: 'high' };
      return undefined;
    }
    if (!ts.isCallExpression(node)) return undefined;
    return this.roleOfCall(node) ?? this.roleOfFactory(node) ?? this.roleOfDecorator(node);
  }

  /** `const app = createApp()`: a local function whose returns are all apps (or all routers) makes one. */
  private roleOfFactory(call: ts.CallExpression): RoleInfo | undefined {
    const callee = unwrap(call.expression);
    const declaration = ts.isIdentifier(callee) ? this.scopes.resolve(callee) : undefined;
    const body = declaration && functionBodyOf(declaration);
    return body && this.readingOnce(body, () => {
      const roles = returnedExpressions(body).map((returned) => this.roleOfCreation(returned) ?? this.roleOf(returned));
      const [first] = roles;
      if (!first || roles.some((role) => role?.role !== first.role)) return undefined;
      return { role: first.role, confidence: roles.every((role) => role!.confidence === 'high') ? 'high' : 'low' };
    });
  }

  /**
   * `const app = addAsync(express())`: a function given an app or router whose result is kept under a name is most
   * likely a decorator handing it back (@awaitjs/express, express-ws's `app`), but only likely: low confidence. Test
   * clients (`request(app)`, `supertest(app)`) and servers (`createServer(app)`) hand back something else.
   */
  private roleOfDecorator(call: ts.CallExpression): RoleInfo | undefined {
    const callee = unwrap(call.expression);
    if (!ts.isIdentifier(callee) || call.arguments.length !== 1 || /request|supertest|agent|server|listen/i.test(callee.text)) return undefined;
    const inner = this.roleOf(call.arguments[0]!);
    return inner && (inner.role === 'app' || inner.role === 'router') ? { role: inner.role, confidence: 'low' } : undefined;
  }


  private collectRegistration(call: ts.CallExpression): void {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !REGISTRATION_METHODS.has(callee.name.text)) return;
    const owner = this.roleOf(callee.expression);
    if (!owner || !(owner.role === 'app' || owner.role === 'router' || owner.role === 'route')) return;
    const method = callee.name.text;
    // `app.get('title')` reads a setting; only registrations carry handlers
    if (method === 'get' && owner.role === 'app' && call.arguments.length < 2) return;
    for (const argument of call.arguments) this.addHandler(unwrap(argument), owner.confidence, undefined, method === 'param');
    const [first] = call.arguments;
    if (owner.role !== 'route' && HTTP_VERBS.has(method) && first && ts.isStringLiteralLike(first)) {
      const handlers = call.arguments.slice(1).flatMap((argument) => this.functionsOf(unwrap(argument)));
      this.registrations.push({ method, path: first.text, owner: owner.role, call, handlers });
    }
  }

  /** The functions an argument stands for, in this file: inline, or a local function or function-valued const by name. */
  private functionsOf(node: ts.Expression): ts.Node[] {
    if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((element) => this.functionsOf(unwrap(element)));
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return [node];
    if (!ts.isIdentifier(node)) return [];
    const declaration = this.scopes.resolve(node);
    if (declaration && ts.isFunctionDeclaration(declaration)) return [declaration];
    const initializer = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && unwrap(declaration.initializer);
    return initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) ? [initializer] : [];
  }

  /**
   * Records the function an argument stands for: an inline function, a local function by name, the functions a
   * local factory returns (`app.use(logger())`), or a function wrapped by a helper (`asyncHandler(async (req) => …)`).
   */
  private addHandler(node: ts.Expression, confidence: Confidence, forceError?: boolean, isParam = false, depth = 0): void {
    if (depth > 3) return;
    if (ts.isArrayLiteralExpression(node)) {
      for (const element of node.elements) this.addHandler(unwrap(element), confidence, forceError, isParam, depth + 1);
      return;
    }
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) {
      this.recordHandler(node, confidence, forceError, isParam);
      return;
    }
    if (ts.isIdentifier(node)) {
      const declaration = this.scopes.resolve(node);
      if (declaration && ts.isFunctionDeclaration(declaration)) this.recordHandler(declaration, confidence, forceError, isParam);
      else if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer)
        this.addHandler(unwrap(declaration.initializer), confidence, forceError, isParam, depth + 1);
      return;
    }
    if (ts.isCallExpression(node)) {
      const factory = ts.isIdentifier(node.expression) ? this.scopes.resolve(node.expression) : undefined;
      const body = factory && functionBodyOf(factory);
      if (body) for (const returned of returnedFunctions(body)) this.recordHandler(returned, confidence, forceError, isParam);
      else for (const argument of node.arguments) {
        const inner = unwrap(argument);
        if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) this.recordHandler(inner, confidence, forceError, isParam);
      }
    }
  }

  private recordHandler(fn: ts.SignatureDeclaration, confidence: Confidence, forceError?: boolean, isParam = false): void {
    const existing = this.handlers.get(fn);
    if (existing && (existing.confidence === 'high' || confidence === 'low')) return;
    const names: Array<'err' | 'req' | 'res' | 'next'> = isParam
      ? ['req', 'res', 'next']
      : forceError || fn.parameters.length === 4
        ? ['err', 'req', 'res', 'next']
        : ['req', 'res', 'next'];
    const params: HandlerInfo['params'] = {};
    names.forEach((role, index) => {
      const parameter = fn.parameters[index];
      if (!parameter) return;
      params[role] = parameter;
      const known = this.roles.get(parameter);
      if (ts.isIdentifier(parameter.name) && known?.confidence !== 'high') this.roles.set(parameter, { role, confidence });
    });
    this.handlers.set(fn, { fn, confidence, params });
  }

  /** A local function called with a request or response: its parameter at that position is one too. */
  private collectHelperCall(call: ts.CallExpression): void {
    const callee = unwrap(call.expression);
    const declaration = ts.isIdentifier(callee) ? this.scopes.resolve(callee) : undefined;
    const fn = declaration && functionOf(declaration);
    if (!fn) return;
    call.arguments.forEach((argument, index) => {
      const parameter = fn.parameters[index];
      if (!parameter || parameter.dotDotDotToken || !ts.isIdentifier(parameter.name) || ts.isSpreadElement(argument)) return;
      const role = this.roleOf(argument);
      const known = this.roles.get(parameter);
      if (!role || (role.role !== 'req' && role.role !== 'res') || (known && (known.confidence === 'high' || role.confidence === 'low'))) return;
      this.roles.set(parameter, role);
    });
  }

  /** Parameters typed from express (`req: Request`) prove a handler; their types, not positions, give roles. */
  /** A function with a parameter typed (or defaulted) as a request, response or next: a handler, as sure as that is. */
  private recordTypedHandler(fn: ts.SignatureDeclaration): boolean {
    const params: HandlerInfo['params'] = {};
    let confidence: Confidence = 'high';
    for (const parameter of fn.parameters) {
      const info = this.roles.get(parameter);
      if (info?.role !== 'req' && info?.role !== 'res' && info?.role !== 'next') continue;
      params[info.role] = parameter;
      if (info.confidence === 'low') confidence = 'low';
    }
    if (!Object.keys(params).length) return false;
    this.handlers.set(fn, { fn, confidence, params });
    return true;
  }

  /** `function (req, res)` and `(err, req, res, next)` not registered anywhere in this file: low confidence. */
  private collectNameShapedHandler(node: FunctionNode): void {
    if (this.handlers.has(node)) return;
    const names = node.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
    const plain = REQ_NAMES.has(names[0] ?? '') && RES_NAMES.has(names[1] ?? '');
    const error = names.length === 4 && ERR_NAMES.has(names[0] ?? '') && REQ_NAMES.has(names[1] ?? '') && RES_NAMES.has(names[2] ?? '');
    // an `app` or `router` parameter is what the function is given, not what makes it a handler
    if (!this.recordTypedHandler(node) && (plain || error)) this.recordHandler(node, 'low', error);
  }
}

function isRelativeImport(node: ts.ImportClause | ts.ImportSpecifier): boolean {
  const declaration = ts.isImportClause(node) ? node.parent : node.parent.parent.parent;
  return ts.isStringLiteral(declaration.moduleSpecifier) && declaration.moduleSpecifier.text.startsWith('.');
}

/** `require('./app')` or `require('../app').app`. */
function isRelativeRequire(expression: ts.Expression): boolean {
  let node = unwrap(expression);
  if (ts.isPropertyAccessExpression(node)) node = unwrap(node.expression);
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && !!node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]) && node.arguments[0].text.startsWith('.');
}


/** `require('<module>')`, possibly wrapped (`require('express').default` is not). */
/** `require(<the shim>)`: the package subpath or the vendored folder. */
export function isShimRequire(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  return ts.isCallExpression(node) && isRequireOf(node, (node.arguments[0] as ts.StringLiteralLike | undefined)?.text ?? '') &&
    isShimSpecifier((node.arguments[0] as ts.StringLiteralLike).text, SHIM_MODULE);
}

export function isRequireOf(expression: ts.Expression, module: string): boolean {
  const node = unwrap(expression);
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    ts.isStringLiteralLike(node.arguments[0]!) &&
    (node.arguments[0] as ts.StringLiteralLike).text === module
  );
}

/** `await import('m')`, the namespace, or `(await import('m')).default`, the module value as `require('m')` gives it. */
function dynamicImportOf(expression: ts.Expression, module: string): 'namespace' | 'default' | undefined {
  let node = unwrap(expression);
  const isDefault = ts.isPropertyAccessExpression(node) && node.name.text === 'default';
  if (isDefault) node = unwrap((node as ts.PropertyAccessExpression).expression);
  if (!ts.isAwaitExpression(node)) return undefined;
  const call = unwrap(node.expression);
  const [specifier] = ts.isCallExpression(call) && call.expression.kind === ts.SyntaxKind.ImportKeyword ? call.arguments : [];
  return specifier && ts.isStringLiteralLike(specifier) && specifier.text === module ? (isDefault ? 'default' : 'namespace') : undefined;
}

/** The function a declaration names: `function f() {}` or `const f = () => …`. */
function functionOf(declaration: Declaration): ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | undefined {
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  const init = ts.isVariableDeclaration(declaration) && declaration.initializer ? unwrap(declaration.initializer) : undefined;
  return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
}

function functionBodyOf(declaration: Declaration): ts.ConciseBody | undefined {
  return functionOf(declaration)?.body;
}

/** Functions a factory body returns directly (`return function (req, res, next) {…}` or `=> (req, res) => …`). */
function returnedFunctions(body: ts.ConciseBody): ts.SignatureDeclaration[] {
  return returnedExpressions(body).filter((node): node is ts.ArrowFunction | ts.FunctionExpression => ts.isArrowFunction(node) || ts.isFunctionExpression(node));
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
    if (ts.isFunctionLike(node)) return; // returns of nested functions are theirs
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

const isNumberType = (type: ts.Type): boolean =>
  type.isUnion() ? type.types.every(isNumberType) : (type.flags & ts.TypeFlags.NumberLike) !== 0;

/**
 * Numeric at a glance: a number literal, a `const` initialised with one, a `: number` binding; in the typed pass,
 * whatever the checker types as a number (or a union of number literals).
 */
export function isNumeric(facts: ExpressFacts, expression: ts.Expression): boolean {
  const node = unwrap(expression);
  if (ts.isNumericLiteral(node)) return true;
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) return isNumeric(facts, node.operand);
  if (facts.checker) return isNumberType(facts.checker.getTypeAtLocation(node));
  if (ts.isIdentifier(node)) {
    const declaration = facts.scopes.resolve(node);
    if (!declaration || !(ts.isVariableDeclaration(declaration) || ts.isParameter(declaration))) return false;
    if (declaration.type) return declaration.type.kind === ts.SyntaxKind.NumberKeyword;
    const constant = ts.isVariableDeclaration(declaration) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    return constant && !!declaration.initializer && ts.isNumericLiteral(unwrap(declaration.initializer));
  }
  return false;
}

/** Clearly not a number: string, template, object, array, function, boolean, null literals. */
export function isNonNumericLiteral(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  return (
    ts.isStringLiteralLike(node) ||
    ts.isTemplateExpression(node) ||
    ts.isObjectLiteralExpression(node) ||
    ts.isArrayLiteralExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  );
}

/** What an expression is bound to by an import or `require`: a module and, for a named import, its export name. */
export interface ModuleBinding {
  module: string;
  /** The export a named import takes (`urlencoded` in `import { urlencoded } from 'body-parser'`); absent for the module value. */
  name?: string;
}

/**
 * The module binding of `require('m')`, or of a local name declared by `import x / * as x / { y as x } from 'm'`,
 * `import x = require('m')`, `const x = require('m')` or `const { y: x } = require('m')`; not the `express` roles.
 */
export function moduleBindingOf(facts: ExpressFacts, expression: ts.Expression): ModuleBinding | undefined {
  const node = unwrap(expression);
  if (ts.isCallExpression(node)) {
    const module = requiredModule(node);
    return module ? { module } : undefined;
  }
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = facts.scopes.resolve(node);
  if (!declaration) return undefined;
  if (ts.isImportClause(declaration)) return importedModule(declaration.parent);
  if (ts.isNamespaceImport(declaration)) return importedModule(declaration.parent.parent);
  if (ts.isImportSpecifier(declaration)) {
    const from = importedModule(declaration.parent.parent.parent);
    return from && { module: from.module, name: (declaration.propertyName ?? declaration.name).text };
  }
  if (ts.isImportEqualsDeclaration(declaration) && ts.isExternalModuleReference(declaration.moduleReference)) {
    const reference = declaration.moduleReference.expression;
    return ts.isStringLiteral(reference) ? { module: reference.text } : undefined;
  }
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.name)) {
    const initializer = unwrap(declaration.initializer);
    const module = ts.isCallExpression(initializer) ? requiredModule(initializer) : undefined;
    return module ? { module } : undefined;
  }
  if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent) && !declaration.dotDotDotToken) {
    const variable = declaration.parent.parent;
    const initializer = ts.isVariableDeclaration(variable) && variable.initializer ? unwrap(variable.initializer) : undefined;
    const module = initializer && ts.isCallExpression(initializer) ? requiredModule(initializer) : undefined;
    const imported = declaration.propertyName ?? declaration.name;
    return module && ts.isIdentifier(imported) ? { module, name: imported.text } : undefined;
  }
  return undefined;
}

/** Whether an expression is export `name` of one of `modules`: `m.name`, `require('m').name`, or a named import. */
export function isModuleExport(facts: ExpressFacts, expression: ts.Expression, modules: readonly string[], name: string): boolean {
  const node = unwrap(expression);
  if (ts.isPropertyAccessExpression(node)) {
    if (node.name.text !== name) return false;
    const owner = moduleBindingOf(facts, node.expression);
    return !!owner && owner.name === undefined && modules.includes(owner.module);
  }
  const binding = moduleBindingOf(facts, node);
  return !!binding && binding.name === name && modules.includes(binding.module);
}

function requiredModule(call: ts.CallExpression): string | undefined {
  const [argument] = call.arguments;
  const isRequire = ts.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments.length === 1;
  return isRequire && ts.isStringLiteralLike(argument!) ? argument.text : undefined;
}

function importedModule(declaration: ts.ImportDeclaration | ts.JSDocImportTag): ModuleBinding | undefined {
  return ts.isStringLiteral(declaration.moduleSpecifier) ? { module: declaration.moduleSpecifier.text } : undefined;
}
