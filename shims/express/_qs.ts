/**
 * @module _qs
 * The `qs` parser, which Express 4 and 5 both use for their extended query and urlencoded parsing. It is a
 * dependency of express (our peer), so it is looked up next to this code, then from express's own folder (pnpm
 * does not hoist it), then from the app's directory.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface Qs {
  parse(str: string, options?: Record<string, unknown>): Record<string, unknown>;
}

let cached: Qs | undefined;

export function loadQs(): Qs {
  if (cached) return cached;
  const here = typeof __filename === 'string' ? __filename : import.meta.url;
  const app = join(process.cwd(), 'noop.js');
  const expressDir = (() => {
    try {
      return createRequire(app).resolve('express/package.json');
    } catch {
      return undefined;
    }
  })();
  for (const base of [here, expressDir, app]) {
    if (!base) continue;
    try {
      cached = createRequire(base)('qs') as Qs;
      return cached;
    } catch {
      // try the next place
    }
  }
  throw new Error(
    "straddle: 'query-parser-extended' and 'urlencoded-extended' parse with qs, the parser Express uses, but qs " +
      'could not be found from straddle or from the working directory. Install it next to express: npm install qs',
  );
}
