/**
 * @module list-routes
 * Route introspection whose answer is the same on Express 4 and 5 (row 10), for libraries that list, document or
 * match an app's routes. Express 4 keeps the router at `app._router`, its layers match with `regexp`/`keys` and
 * forget the mount path's text; Express 5 keeps it at `app.router`, its layers match with `matchers` and keep
 * `rawPath`. This file imports nothing, so a library can vendor it as is: it asks each layer to match with the
 * layer's own `match()`, which both majors have, and reads paths and parameter names from what was registered.
 * Code written against Express 4's layers keeps working through `layerRegexp(layer)` / `layerKeys(layer)`: on
 * Express 5 they answer what Express 4 compiles for the same registration; `layerPath(layer)` / `layerParams(layer)`
 * answer the match state Express 4 leaves on a layer, where a plain path makes it the same for every match.
 */

type Target = Record<PropertyKey, any>;

export interface ListedRoute {
  /** The full path (mount paths joined) when every part is a string; else the route's own path (a RegExp, an array). */
  path: string | RegExp | (string | RegExp)[];
  /** The joined mount paths above the route (`''` at the top); a RegExp when a mount path was one. */
  mountpath: string | RegExp;
  /** Upper-case methods as registered, `'*'` for `all()`. */
  methods: string[];
  /** Parameter names in order, mount paths' first: `:name` of strings, group names or indexes of RegExps. */
  keys: (string | number)[];
  /** The parameters when `pathname` reaches this route through its mounts (`null` when not), decoded as Express does. */
  match(pathname: string): Record<string, string> | null;
}

/**
 * Every route of an app or router, mounted routers and apps included, in registration order.
 *
 * @example
 * for (const route of listRoutes(app)) console.log(route.methods.join(','), route.path, route.keys);
 * listRoutes(app).find((r) => r.match('/users/7'))?.match('/users/7'); // { id: '7' }
 */
export function listRoutes(appOrRouter: Target): ListedRoute[] {
  const routes: ListedRoute[] = [];
  _collect(appOrRouter, [], routes);
  return routes;
}

/** A parameter as Express 4's layers list it in `layer.keys`. */
export interface LayerKey {
  /** `:name`'s name; the index of an unnamed RegExp group. */
  name: string | number;
  optional: boolean;
  /** Where the parameter's group starts in the compiled `regexp.source`. */
  offset: number;
}

/**
 * `layer.regexp` as Express 4 has it, on either major: on Express 4 the layer's own; on Express 5 (whose layers match
 * with `matchers`) the RegExp Express 4 compiles for the same registration, `fast_slash` included, so code that reads
 * a mount path or parameter names out of it answers the same on both. Anything else answers its own `regexp`.
 * Express 5 layers do not keep their router's options: the RegExp is the default one (case-insensitive, not strict).
 *
 * @example
 * const mount = layerRegexp(layer).source.replace('^\\', '').replace('\\/?(?=\\/|$)', ''); // '/admin' on both
 */
export function layerRegexp(layer: Target): (RegExp & { fast_slash?: boolean; fast_star?: boolean }) | undefined {
  return _express4Layer(layer)?.regexp ?? layer?.regexp;
}

/** `layer.keys` as Express 4 has it, on either major (see `layerRegexp`): `{ name, optional, offset }` per parameter. */
export function layerKeys(layer: Target): LayerKey[] | undefined {
  return _express4Layer(layer)?.keys ?? layer?.keys;
}

/**
 * `layer.path` as a stack walker reads it once the router matched the request. Express 4's layer keeps the path its
 * last match took; Express 5's keeps no match state (its router, 2.3 and later), so there this answers the path every
 * match of the layer takes when its registration is a string with no parameter or wildcard: a mount's text without
 * its trailing slash (`''` for `/`), a route's path. That is Express 4's value wherever the layer matched the request
 * (for a route, but for a trailing slash the request adds); where it did not, Express 4 has undefined and this still
 * answers the path. A path with parameters has none without the request, and stays undefined on Express 5.
 *
 * @example
 * const mount = layerPath(layer) || ''; // '/docs' for app.use('/docs/', docs), on both majors
 */
export function layerPath(layer: Target): string | undefined {
  return _staticPath(layer) ?? layer?.path;
}

/** `layer.params` as a stack walker reads it (see `layerPath`): `{}` on Express 5 for a path without parameters. */
export function layerParams(layer: Target): Record<string, string> | undefined {
  return _staticPath(layer) === undefined ? layer?.params : {};
}

// --- internal ---

/** What every match of an Express 5 layer registered at a plain string takes; undefined for anything else. */
function _staticPath(layer: Target): string | undefined {
  if (!layer || typeof layer !== 'object' || 'regexp' in layer || typeof layer.rawPath !== 'string' || /[:*?+()[\]{}\\]/.test(layer.rawPath)) return undefined;
  if (_endsAtPathEnd(layer)) return layer.rawPath;
  return layer.slash ? '' : layer.rawPath.replace(/\/$/, '');
}

/** Express 4 compiles routes (and a route's own method layers) to end at the path's end, mounts to end at a slash. */
function _endsAtPathEnd(layer: Target): boolean {
  return layer.route !== undefined || 'method' in layer;
}

const compiled = new WeakMap<object, { regexp: RegExp & { fast_slash: boolean; fast_star: boolean }; keys: LayerKey[] }>();

/** An Express 5 layer's Express 4 counterpart, compiled once; undefined for an Express 4 layer or anything else. */
function _express4Layer(layer: Target) {
  if (!layer || typeof layer !== 'object' || 'regexp' in layer || !Array.isArray(layer.matchers) || !('rawPath' in layer)) return undefined;
  let found = compiled.get(layer);
  if (!found) {
    const keys: LayerKey[] = [];
    const regexp = Object.assign(_compile(layer.rawPath, keys, _endsAtPathEnd(layer)), { fast_star: layer.rawPath === '*', fast_slash: !!layer.slash });
    found = { regexp, keys };
    compiled.set(layer, found);
  }
  return found;
}

/** What Express 4's path-to-regexp (0.1) compiles `path` into, with its keys, for the default options. */
function _compile(path: string | RegExp | (string | RegExp)[], keys: LayerKey[], end: boolean): RegExp {
  if (path instanceof RegExp) {
    let name = 0;
    for (const m of path.source.matchAll(GROUP)) if (m[0][0] !== '\\') keys.push({ name: m[1] || name++, optional: false, offset: m.index });
    return path;
  }
  if (Array.isArray(path)) return new RegExp(path.map((part) => _compile(part, keys, end).source).join('|'), 'i');
  return _compileString(String(path), keys, end);
}

function _compileString(path: string, keys: LayerKey[], end: boolean): RegExp {
  const keysOffset = keys.length;
  let extraOffset = 0;
  let pos = 0;
  let backtrack = '';
  let source = path.replace(
    /\\.|(\/)?(\.)?:(\w+)(\(.*?\))?(\*)?(\?)?|[.*]|\/\(/g,
    (match: string, slash: string | undefined, format: string | undefined, key: string, capture: string | undefined, star: string | undefined, optional: string | undefined, offset: number) => {
      if (match[0] === '\\') {
        backtrack += match;
        pos += 2;
        return match;
      }
      if (match === '.') {
        backtrack += '\\.';
        extraOffset += 1;
        pos += 1;
        return '\\.';
      }
      backtrack = slash || format ? '' : backtrack + path.slice(pos, offset);
      pos = offset + match.length;
      if (match === '*') {
        backtrack = '';
        extraOffset += 3;
        return '(.*)';
      }
      if (match === '/(') {
        backtrack += '/';
        extraOffset += 2;
        return '/(?:';
      }
      const dot = format ? '\\.' : '';
      const group = capture
        ? capture.replace(/\\.|\*/, (m) => (m === '*' ? '(.*)' : m))
        : backtrack
          ? `((?:(?!/|${backtrack}).)+?)`
          : `([^/${dot}]+?)`;
      keys.push({ name: key, optional: !!optional, offset: offset + extraOffset });
      const result = `(?:${dot}${slash ?? ''}${group}${star ? `((?:[/${dot}].+?)?)` : ''})${optional ?? ''}`;
      backtrack = '';
      extraOffset += result.length - match.length;
      return result;
    },
  );
  // unnamed groups (`/(\\d+)`) become keys named by their index, in order among the named ones
  let i = 0;
  let name = 0;
  for (const m of source.matchAll(GROUP)) {
    if (m[0][0] === '\\') continue;
    if (keysOffset + i === keys.length || keys[keysOffset + i]!.offset > m.index) keys.splice(keysOffset + i, 0, { name: name++, optional: false, offset: m.index });
    i++;
  }
  source += source.endsWith('/') ? '?' : '/?';
  source += end ? '$' : '(?=/|$)';
  return new RegExp(`^${source}`, 'i');
}

interface Mount {
  layer: Target;
  path: string | RegExp;
}

const GROUP = /\\.|\((?:\?<(.*?)>)?(?!\?)/g;
const PARAM = /:([A-Za-z_$][\w$]*)/g;

function _collect(target: Target, mounts: Mount[], into: ListedRoute[]): void {
  for (const layer of _stackOf(target)) {
    if (layer.route) {
      into.push(_route(layer, mounts));
      continue;
    }
    // a mounted router; a mounted app is reached through a wrapper (`mounted_app`) on both majors, and is not listed
    if (_stackOf(layer.handle).length) _collect(layer.handle, [...mounts, { layer, path: _mountPath(layer) }], into);
  }
}

/** The layers of an app (Express 4: `_router`, created lazily; 5: `router`), a router, or a mounted app. */
function _stackOf(target: Target | undefined): Target[] {
  if (!target) return [];
  if (Array.isArray(target.stack)) return target.stack;
  const isApp = typeof target.handle === 'function' && typeof target.set === 'function';
  if (!isApp) return [];
  // Express 4's `app.router` getter throws; its apps have `lazyrouter`, Express 5's do not
  const router = typeof target.lazyrouter === 'function' ? target._router : target.router;
  return Array.isArray(router?.stack) ? router.stack : [];
}

function _route(layer: Target, mounts: Mount[]): ListedRoute {
  const route = layer.route;
  const own: string | RegExp | (string | RegExp)[] = route.path;
  const mountpath = _joinMounts(mounts);
  const strings = typeof mountpath === 'string' && typeof own === 'string';
  return {
    path: strings ? _join(mountpath, own) : own,
    mountpath,
    methods: Object.keys(route.methods).map((m) => (m === '_all' ? '*' : m.toUpperCase())),
    keys: [...mounts.flatMap((m) => _keysOf(m.path)), ...(Array.isArray(own) ? own : [own]).flatMap(_keysOf)],
    match: (pathname) => _matchThrough([...mounts.map((m) => m.layer), layer], pathname),
  };
}

/**
 * The text a layer was mounted at. Express 5 keeps it (`rawPath`); Express 4 keeps only the RegExp it compiled,
 * `^\/admin(?:\/([^\/]+?))\/?(?=\/|$)` with `keys`, which is turned back into `/admin/:id`, or stays a RegExp.
 */
function _mountPath(layer: Target): string | RegExp {
  if ('rawPath' in layer) return layer.slash ? '' : layer.rawPath;
  const regexp: RegExp & { fast_slash?: boolean } = layer.regexp;
  if (regexp.fast_slash) return '';
  const compiled = /^\^(.*)\\\/\?\(\?=\\\/\|\$\)$/.exec(regexp.source);
  if (!compiled) return regexp;
  let index = 0;
  const text = compiled[1]!
    // a parameter, `(?:\/([^\/]+?))` (its segment's slash inside) or `(?:([^\/]+?))`, by path-to-regexp version
    .replace(/\(\?:(\\\/)?\(\[\^\\?\/\]\+\?\)\)/g, (_, slash?: string) => `${slash ? '/' : ''}:${layer.keys[index++]?.name}`)
    .replace(/\\(.)/g, '$1');
  return /[()[\]?*+^$|{}\\]/.test(text) || index !== layer.keys.length ? regexp : text;
}

function _joinMounts(mounts: Mount[]): string | RegExp {
  let joined: string | RegExp = '';
  for (const { path } of mounts) {
    if (typeof path !== 'string') return path;
    if (typeof joined !== 'string') return joined;
    joined = _join(joined, path);
  }
  return joined;
}

function _join(prefix: string, path: string): string {
  if (!prefix) return path;
  return path === '/' ? prefix : prefix.replace(/\/$/, '') + path;
}

function _keysOf(path: string | RegExp | undefined): (string | number)[] {
  if (typeof path === 'string') return [...path.matchAll(PARAM)].map((m) => m[1]!);
  if (!(path instanceof RegExp)) return [];
  const keys: (string | number)[] = [];
  let index = 0;
  for (const m of path.source.matchAll(GROUP)) if (m[0].startsWith('(')) keys.push(m[1] ?? index++);
  return keys;
}

/** Matches `pathname` through the mount layers, each removing the prefix it matched, then the route's layer. */
function _matchThrough(layers: Target[], pathname: string): Record<string, string> | null {
  const params: Record<string, string> = {};
  let rest = pathname;
  for (const [i, layer] of layers.entries()) {
    const found = _layerMatch(layer, rest);
    if (!found) return null;
    Object.assign(params, found.params);
    if (i < layers.length - 1) {
      rest = rest.slice(found.path.length);
      if (!rest.startsWith('/')) rest = `/${rest}`;
    }
  }
  return params;
}

/** Express 5's `match()` answers an object; Express 4's answers a boolean and leaves `params`/`path` on the layer. */
function _layerMatch(layer: Target, path: string): { params: Record<string, string>; path: string } | null {
  if (!('regexp' in layer)) {
    const found = layer.match(path);
    return found ? { params: { ...found.params }, path: found.path } : null;
  }
  const saved = { params: layer.params, path: layer.path };
  try {
    return layer.match(path) ? { params: { ...layer.params }, path: layer.path } : null;
  } finally {
    layer.params = saved.params;
    layer.path = saved.path;
  }
}
