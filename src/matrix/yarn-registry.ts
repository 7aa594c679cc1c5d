/**
 * @module matrix/yarn-registry
 * A yarn project's registry settings in npm's words, so that the npm the version cache installs with asks the
 * registry yarn would: yarn 2+ reads `.yarnrc.yml` only (never `.npmrc`), yarn 1 reads `.yarnrc` before `.npmrc`.
 * No YAML library is a dependency, so `.yarnrc.yml` is read by a small line reader that knows block mappings of
 * plain or quoted scalars (what yarn itself writes), not flow style (`{ … }`), anchors or multi-line strings: enough
 * for the keys read here, and nothing else is read from the file.
 */

/** `[key, value]` pairs as an .npmrc line `key=value` says them. */
export type Setting = [key: string, value: string];

/** npm's registry when none is set; a yarn token without a registry goes to the one npm will ask. */
const NPM_DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

/** `npmRegistryServer`, `npmScopes.<scope>.{npmRegistryServer,npmAuthToken}`, `npmAuthToken`, `npmRegistries.<url>.npmAuthToken`. */
export function fromYarnrcYml(text: string): Setting[] {
  const values = new Map(yamlScalars(text).map(({ keys, value }) => [keys.join('\0'), value]));
  const get = (...keys: string[]) => values.get(keys.join('\0'));
  const registry = get('npmRegistryServer');
  const settings: Setting[] = [];
  if (registry) settings.push(['registry', registry]);
  const token = get('npmAuthToken');
  if (token) pushToken(settings, registry ?? NPM_DEFAULT_REGISTRY, token);
  for (const scope of childKeys(values, 'npmScopes')) {
    const scopeRegistry = get('npmScopes', scope, 'npmRegistryServer');
    if (scopeRegistry) settings.push([`@${scope.replace(/^@/, '')}:registry`, scopeRegistry]);
    const scopeToken = get('npmScopes', scope, 'npmAuthToken');
    if (scopeToken) pushToken(settings, scopeRegistry ?? registry ?? NPM_DEFAULT_REGISTRY, scopeToken);
  }
  for (const url of childKeys(values, 'npmRegistries')) {
    const urlToken = get('npmRegistries', url, 'npmAuthToken');
    if (urlToken) pushToken(settings, url.startsWith('//') ? `https:${url}` : url, urlToken);
  }
  return settings;
}

/** yarn 1's `registry "url"` and `"@scope:registry" "url"` lines. */
export function fromYarnrc(text: string): Setting[] {
  return text.split(/\r?\n/).flatMap((line): Setting[] => {
    const match = /^\s*("?)((?:@[^\s":]+:)?registry)\1\s+("?)([^\s"]+)\3\s*$/.exec(line);
    return match ? [[match[2]!, match[4]!]] : [];
  });
}

/** npm's key for a setting of one registry: `//host/path/` (its "nerf dart"), as `npm login` writes it. */
export function registryKey(url: string): string | undefined {
  try {
    const parsed = new URL(url.endsWith('/') ? url : `${url}/`);
    return `//${parsed.host}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

function pushToken(settings: Setting[], registry: string, token: string): void {
  const key = registryKey(registry);
  if (key) settings.push([`${key}:_authToken`, token]);
}

/** The second-level keys under a top-level key (`npmScopes` → its scope names). */
function childKeys(values: Map<string, string>, parent: string): string[] {
  return [...new Set([...values.keys()].map((k) => k.split('\0')).filter((keys) => keys.length === 3 && keys[0] === parent).map((keys) => keys[1]!))];
}

/** Every scalar of a block-style YAML mapping, with the keys that lead to it. */
function yamlScalars(text: string): Array<{ keys: string[]; value: string }> {
  const open: Array<{ indent: number; key: string }> = [];
  const found: Array<{ keys: string[]; value: string }> = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^( *)(?:"([^"]*)"|'([^']*)'|([^\s"'#:-][^:#]*?))\s*:(?:\s+(.*?))?\s*$/.exec(line);
    if (!match) continue;
    const indent = match[1]!.length;
    const key = match[2] ?? match[3] ?? match[4]!;
    while (open.length && open.at(-1)!.indent >= indent) open.pop();
    const value = scalar(match[5] ?? '');
    if (value === '') open.push({ indent, key });
    else found.push({ keys: [...open.map((o) => o.key), key], value });
  }
  return found;
}

/** A quoted or plain scalar, its trailing comment dropped. */
function scalar(raw: string): string {
  const quoted = /^"((?:[^"\\]|\\.)*)"|^'((?:[^']|'')*)'/.exec(raw);
  if (quoted) return quoted[1] !== undefined ? quoted[1].replace(/\\(.)/g, '$1') : quoted[2]!.replace(/''/g, "'");
  return raw.replace(/(^|\s+)#.*$/, '').trim();
}
