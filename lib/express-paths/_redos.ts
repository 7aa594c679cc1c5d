/**
 * @module lib/express-paths/_redos
 * A cheap guard, run per path at run time, against emitting a regular expression that backtracks super-linearly
 * (the RegExp is Express 4's own for the path, so this is about not carrying its worst cases forward: Express 5
 * refuses most of these paths at start-up, and a rewrite must not turn that into a live ReDoS).
 *
 * Three shapes backtrack, and each is refused unless it is one of the delimited forms path-to-regexp emits:
 * - what can span segments (`.*`, `.+` from `*`, `:x*`, `(.*)`): accepted only as the last variable part of a
 *   path (`/files/*`, `/ab*cd`, `/:a/:b+`) and never beside a top-level `|`;
 * - a repeated group (`:x+`, `(\w+,?)+`): accepted only when each repetition starts with a `/` that nothing
 *   else in it can match (`(?:\/(?<x>[^/]+?))+`), so the repetitions cannot be split another way;
 * - two variable-length parts in a row (`/:a:b`, `/:a(\d+):b?`): accepted only with a literal between them.
 * The test suite runs recheck on everything this lets through.
 */

// `.*`, `.+` outside a class and unescaped, and `)+` / `)*` (a repeated group).
const SPANNING = /(?<!\\)\.[*+]|\)[*+]/g;
// 0.1.x's param after text in the same segment, `(?:(?!\/|text).)+?`: it never crosses a `/`.
const SEGMENT_BOUNDED = /\(\?:\(\?!\\\/\|(?:[^()\\]|\\.)*\)\.\)\+\?/g;
// What closes the spanning construct itself (`)`, `?)`…), then how 0.1.x ends every expression.
const CONSTRUCT_END = /^[)?]*/;
const EXPRESSION_END = /(?:\\\/\?)?(?:\$|\(\?=\\\/\|\$\))$/;
const VARIABLE = /(?<!\\)[([?*+{]/;

export function isSafeRegexp(source: string): boolean {
  const bounded = source.replace(SEGMENT_BOUNDED, '[^/]+?');
  return spansSafely(bounded) && sequenceIsSafe(parse(bounded.replace(/^\^/, '').replace(EXPRESSION_END, '')));
}

function spansSafely(source: string): boolean {
  const spans = [...source.matchAll(SPANNING)];
  if (spans.length === 0) return true;
  if (spans.length > 1 || hasTopLevelAlternation(source)) return false;
  const after = spans[0].input.slice(spans[0].index + spans[0][0].length);
  return !VARIABLE.test(after.replace(CONSTRUCT_END, '').replace(EXPRESSION_END, ''));
}

export function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** One atom of a sequence with its quantifier: a character (escape, class, `.`) or a group. */
interface Atom {
  text: string;
  /** For groups: the alternatives inside, each a sequence. */
  alternatives?: Atom[][];
  /** Zero-width (`(?=…)`, `(?!…)`, `^`, `$`). */
  assertion?: boolean;
  min: number;
  /** Upper bound of repetitions; Infinity for `+`, `*`, `{n,}`. */
  max: number;
}

/** A sequence's top-level alternatives, each a list of atoms; malformed input yields an always-refused atom. */
function parse(source: string): Atom[][] {
  let i = 0;
  const alternatives = (): Atom[][] => {
    const out: Atom[][] = [[]];
    while (i < source.length && source[i] !== ')') {
      if (source[i] === '|') {
        out.push([]);
        i++;
        continue;
      }
      out[out.length - 1].push(quantified(atom()));
    }
    return out;
  };
  const atom = (): Atom => {
    const start = i;
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === '[') {
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      const prefix = /^\((?:\?:|\?<[A-Za-z_$][\w$]*>|\?=|\?!|\?<=|\?<!)?/.exec(source.slice(i))![0];
      i += prefix.length;
      const inner = alternatives();
      i++; // `)`
      return { text: source.slice(start, i), alternatives: inner, assertion: /^\(\?(?:=|!|<=|<!)/.test(prefix), min: 1, max: 1 };
    } else i++;
    return { text: source.slice(start, i), assertion: c === '^' || c === '$', min: 1, max: 1 };
  };
  const quantified = (a: Atom): Atom => {
    const q = /^(?:([?*+])|\{(\d+)(,(\d*))?\})\??/.exec(source.slice(i));
    if (!q) return a;
    i += q[0].length;
    if (q[1]) return { ...a, min: q[1] === '+' ? 1 : 0, max: q[1] === '?' ? 1 : Infinity };
    const min = Number(q[2]);
    return { ...a, min, max: q[3] === undefined ? min : q[4] ? Number(q[4]) : Infinity };
  };
  const out = alternatives();
  return i < source.length ? [[{ text: source, min: 1, max: Infinity, alternatives: [[], []] }]] : out;
}

const isVariable = (a: Atom): boolean => a.max > a.min || (a.alternatives?.some((alt) => alt.some(isVariable)) ?? false);
const isGroup = (a: Atom): a is Atom & { alternatives: Atom[][] } => a.alternatives !== undefined;

/** An atom that always matches exactly this one `/`: `\/` or `[/]`. */
const isSlash = (a: Atom) => a.min === 1 && a.max === 1 && (a.text === '\\/' || a.text === '[/]' || a.text === '[\\/]');

/** A fixed character other than a class or `.`: what separates two variable parts unambiguously enough. */
const isLiteral = (a: Atom) =>
  a.min === a.max && a.min > 0 && !isGroup(a) && !a.assertion && (/^\\[^dDwWsSbBpPu]$/.test(a.text) || /^[^.\\[]$/.test(a.text) || a.text === '[/]');

/** Atoms of a sequence with plain (unquantified, single-alternative, capturing or not) groups opened up. */
function flatten(sequence: Atom[]): Atom[] {
  return sequence.flatMap((a) =>
    isGroup(a) && !a.assertion && a.min === 1 && a.max === 1 && a.alternatives.length === 1 ? flatten(a.alternatives[0]) : [a],
  );
}

/** Whether a sequence can begin with this atom's first character: the first fixed atom of a group, else itself. */
function first(a: Atom): Atom | undefined {
  if (!isGroup(a)) return a;
  if (a.assertion || a.alternatives.length !== 1) return undefined;
  return flatten(a.alternatives[0])[0];
}

/** A class, escape or character that can never match `/`. */
function excludesSlash(a: Atom): boolean {
  if (a.assertion) return true;
  if (isGroup(a)) return a.alternatives.every((alt) => alt.every(excludesSlash));
  const t = a.text;
  if (t === '.' || t === '\\/' || /^\\[DWSpP]/.test(t)) return false;
  if (!t.startsWith('[')) return t !== '/';
  const body = t.slice(1, -1);
  const hasSlash = /\//.test(body) || /\\[DWS]/.test(body) || rangesCoverSlash(body);
  return body.startsWith('^') ? hasSlash : !hasSlash;
}

function rangesCoverSlash(classBody: string): boolean {
  const chars = [...classBody.replace(/^\^/, '').matchAll(/\\.|[^\\]/g)].map((m) => m[0]);
  for (let k = 1; k + 1 < chars.length; k++) {
    if (chars[k] !== '-') continue;
    const lo = chars[k - 1].at(-1)!.charCodeAt(0);
    const hi = chars[k + 1].at(-1)!.charCodeAt(0);
    if (lo <= 0x2f && 0x2f <= hi) return true;
  }
  return false;
}

function sequenceIsSafe(alternatives: Atom[][]): boolean {
  return alternatives.every((alt) => atomsAreSafe(flatten(alt)));
}

function atomsAreSafe(atoms: Atom[]): boolean {
  for (let k = 0; k < atoms.length; k++) {
    const a = atoms[k];
    if (isGroup(a)) {
      if (a.assertion) {
        if (a.alternatives.some((alt) => alt.some(isVariable))) return false;
        continue;
      }
      if (a.max > 1 && !repetitionIsDelimited(a)) return false;
      if (a.alternatives.length > 1 && a.alternatives.some((alt) => alt.some(isVariable))) return false;
      if (!sequenceIsSafe(a.alternatives)) return false;
    }
    if (!isVariable(a)) continue;
    const next = atoms.slice(k + 1).find((b) => !b.assertion);
    const lead = next && first(next);
    if (next && !(lead && isLiteral(lead))) return false;
  }
  return true;
}

/** `(?:\/X)+` where X can never match `/`: every repetition starts at a `/`, so there is one way to split. */
function repetitionIsDelimited(group: Atom & { alternatives: Atom[][] }): boolean {
  if (group.alternatives.length !== 1) return false;
  const [head, ...rest] = flatten(group.alternatives[0]);
  return head !== undefined && isSlash(head) && rest.every(excludesSlash);
}
