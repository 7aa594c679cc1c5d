/**
 * @module matrix/yarn-registry
 * A yarn project's registry settings in npm's words, so that the npm the version cache installs with asks the
 * registry yarn would: yarn 2+ reads `.yarnrc.yml` only (never `.npmrc`), yarn 1 reads `.yarnrc` before `.npmrc`.
 * `.yarnrc.yml` is read with `yaml` (the YAML parser the npm ecosystem keeps; no dependencies of its own), so flow
 * style, anchors and quoting read as yarn reads them; a file that does not parse sets nothing.
 */
import { parse } from 'yaml';

/** `[key, value]` pairs as an .npmrc line `key=value` says them. */
export type Setting = [key: string, value: string];

/** npm's registry when none is set; a yarn token without a registry goes to the one npm will ask. */
const NPM_DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

/** `npmRegistryServer`, `npmScopes.<scope>.{npmRegistryServer,npmAuthToken}`, `npmAuthToken`, `npmRegistries.<url>.npmAuthToken`. */
export function fromYarnrcYml(text: string): Setting[] {
  const config = parseYaml(text);
  const registry = stringAt(config, 'npmRegistryServer');
  const settings: Setting[] = [];
  if (registry) settings.push(['registry', registry]);
  const token = stringAt(config, 'npmAuthToken');
  if (token) pushToken(settings, registry ?? NPM_DEFAULT_REGISTRY, token);
  for (const [scope, entry] of Object.entries(mappingAt(config, 'npmScopes'))) {
    const scopeRegistry = stringAt(entry, 'npmRegistryServer');
    if (scopeRegistry) settings.push([`@${scope.replace(/^@/, '')}:registry`, scopeRegistry]);
    const scopeToken = stringAt(entry, 'npmAuthToken');
    if (scopeToken) pushToken(settings, scopeRegistry ?? registry ?? NPM_DEFAULT_REGISTRY, scopeToken);
  }
  for (const [url, entry] of Object.entries(mappingAt(config, 'npmRegistries'))) {
    const urlToken = stringAt(entry, 'npmAuthToken');
    if (urlToken) pushToken(settings, url.startsWith('//') ? `https:${url}` : url, urlToken);
  }
  return settings;
}

function parseYaml(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

const isMapping = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);
const mappingAt = (value: unknown, key: string): Record<string, unknown> => (isMapping(value) && isMapping(value[key]) ? value[key] : {});
const stringAt = (value: unknown, key: string): string | undefined => (isMapping(value) && typeof value[key] === 'string' && value[key] ? value[key] : undefined);

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
