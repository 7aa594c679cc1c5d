/**
 * @module replay/compare
 * Two answers to the same request, compared where a client can tell them apart: the status, the headers that
 * change what a client does, and the body (JSON path by path, text line by line).
 */

export interface ReplayResponse {
  status: number;
  /** Lower-case names; a header sent more than once (set-cookie) is joined with '\n'. */
  headers: Record<string, string>;
  body: string;
}

export interface Difference {
  /** `status`, `header <name>`, `body <JSON path>` (`body $.user.id`), `body line <n>` or `body`. */
  where: string;
  old: string;
  new: string;
}

/** Headers whose change changes what a client does; the others (date, etag, content-length) follow the body or the clock. */
export const COMPARED_HEADERS = ['content-type', 'location', 'content-disposition', 'vary', 'cache-control', 'set-cookie', 'allow', 'content-encoding', 'x-content-type-options'];
/** Lines of a text body reported at most: the first ones say where it starts to differ. */
const MAX_LINES = 3;
const SHOWN = 200;

export function compareResponses(old: ReplayResponse, next: ReplayResponse): Difference[] {
  const differences: Difference[] = [];
  if (old.status !== next.status) differences.push({ where: 'status', old: String(old.status), new: String(next.status) });
  for (const name of COMPARED_HEADERS) {
    const a = old.headers[name] ?? '';
    const b = next.headers[name] ?? '';
    if (a !== b) differences.push({ where: `header ${name}`, old: a, new: b });
  }
  differences.push(...compareBodies(old.body, next.body));
  return differences;
}

function compareBodies(a: string, b: string): Difference[] {
  if (a === b) return [];
  const [x, y] = [parseJson(a), parseJson(b)];
  if (x.ok && y.ok) return compareJson(x.value, y.value, '$');
  if (x.ok || y.ok || !isText(a) || !isText(b)) return [{ where: 'body', old: shown(a), new: shown(b) }];
  const [left, right] = [a.split('\n'), b.split('\n')];
  const lines: Difference[] = [];
  for (let i = 0; i < Math.max(left.length, right.length) && lines.length < MAX_LINES; i++) {
    if (left[i] !== right[i]) lines.push({ where: `body line ${i + 1}`, old: shown(left[i] ?? ''), new: shown(right[i] ?? '') });
  }
  return lines;
}

/** Every leaf path where the two values differ: a missing key, another type, another value, another length. */
export function compareJson(a: unknown, b: unknown, at: string): Difference[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const items = Array.from({ length: Math.min(a.length, b.length) }, (_, i) => compareJson(a[i], b[i], `${at}[${i}]`)).flat();
    return a.length === b.length ? items : [{ where: `body ${at}.length`, old: String(a.length), new: String(b.length) }, ...items];
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => {
      const path = /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
      if (!(key in a) || !(key in b)) return [{ where: `body ${path}`, old: key in a ? json(a[key]) : '(absent)', new: key in b ? json(b[key]) : '(absent)' }];
      return compareJson(a[key], b[key], path);
    });
  }
  return json(a) === json(b) ? [] : [{ where: `body ${at}`, old: json(a), new: json(b) }];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const json = (value: unknown) => shown(JSON.stringify(value) ?? 'undefined');
const shown = (text: string) => (text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text);
// a body with NUL or replacement characters is not read line by line
const isText = (text: string) => !/[\u0000\ufffd]/.test(text);

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (!/^\s*[[{"]/.test(text)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
