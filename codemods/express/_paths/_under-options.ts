/**
 * @module codemods/express/_paths/_under-options
 * Translates a path for a registration whose router options may be only partly known: every unknown option is
 * tried both ways, and the translation counts as proven only when all of them agree.
 */
import type { RouterOptions } from './_router-options.ts';
import { translatePath, type Translation } from '../../../lib/express-paths/translate.ts';

export interface SiteTranslation {
  translation: Translation;
  /** False when the result depends on a `strict` / case-sensitivity setting this file does not show. */
  proven: boolean;
}

export function translateUnder(path: string, end: boolean, options: RouterOptions): SiteTranslation {
  // `use` ignores `strict` on both majors.
  const stricts = end ? choices(options.strict) : [false];
  const results = stricts.flatMap((strict) =>
    choices(options.sensitive).map((sensitive) => translatePath(path, { end, strict, sensitive })),
  );
  const first = JSON.stringify(results[0]);
  const proven = results.every((r) => JSON.stringify(r) === first);
  // Unproven: the defaults (both settings off), which is what almost every app runs with.
  const translation = proven ? results[0] : translatePath(path, { end, strict: false, sensitive: false });
  return { translation, proven };
}

const choices = (value: boolean | undefined): boolean[] => (value === undefined ? [false, true] : [value]);
