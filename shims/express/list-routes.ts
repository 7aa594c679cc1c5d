/**
 * @module list-routes
 * Route introspection whose answer is the same on Express 4 and 5 (row 10), for libraries that list, document or
 * match an app's routes. Express 4 keeps the router at `app._router`, its layers match with `regexp`/`keys` and
 * forget the mount path's text; Express 5 keeps it at `app.router`, its layers match with `matchers` and keep
 * `rawPath`. This file imports nothing, so a library can vendor it as is: it asks each layer to match with the
 * layer's own `match()`, which both majors have, and reads paths and parameter names from what was registered.
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

// --- internal ---

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
