/**
 * @module lib/express-paths/_arbitraries
 * Test support: fast-check generators for Express 4 route paths and for URLs aimed at them. Each path piece knows
 * how to produce text that it matches (or nearly matches), so that most generated URLs exercise a match and its
 * params instead of a trivial 404.
 */
import fc from 'fast-check';
import type { PathOptions } from './translate.ts';

interface Piece {
  /** Express 4 path text for this piece. */
  path: string;
  /** URL text that this piece may match; `''` drops the whole segment (optional params). */
  sample: fc.Arbitrary<string>;
}

const WORDS = ['a', 'b', 'ab', 'users', 'v1'];
const VALUE = fc.constantFrom(
  'a', 'B', '1', '42', 'a.b', 'x.y.z', 'a-b', 'a..', '.', '%20x', 'a%2Fb', '%E0', 'caf%C3%A9', 'ab', 'A-1.json',
);
const MULTI = fc.array(VALUE, { minLength: 1, maxLength: 3 }).map((v) => v.join('/'));
const word = fc.constantFrom(...WORDS);
// URLs unrelated to the path, so near misses and plain 404s are covered too.
const noise = fc
  .array(fc.constantFrom('a', 'b', 'ab', 'A', '1', 'users', 'x.y', '%20', '', 'abcd', 'user'), { maxLength: 4 })
  .map((parts) => '/' + parts.join('/'));

function param(name: string): fc.Arbitrary<Piece> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant<Piece>({ path: `:${name}`, sample: VALUE }) },
    { weight: 6, arbitrary: fc.constant<Piece>({ path: `:${name}?`, sample: fc.oneof(VALUE, fc.constant('')) }) },
    fc.constant<Piece>({ path: `:${name}+`, sample: MULTI }),
    fc.constant<Piece>({ path: `:${name}*`, sample: fc.oneof(MULTI, fc.constant('')) }),
    fc.constant<Piece>({ path: `:${name}(\\d+)`, sample: fc.constantFrom('7', '123', 'a1') }),
    fc.constant<Piece>({ path: `:${name}(.*)`, sample: fc.oneof(MULTI, fc.constant('')) }),
    fc.constant<Piece>({ path: `:${name}([a-z]+)`, sample: fc.constantFrom('abc', 'ABC', 'a1') }),
    fc.constant<Piece>({ path: `:${name}.:${name}x`, sample: fc.constantFrom('a.b', 'a.b.c', 'a..', 'a', '.b') }),
    fc.constant<Piece>({ path: `:${name}.:${name}x?`, sample: fc.constantFrom('a.b', 'a.b.c', 'a', 'a.') }),
    fc.constant<Piece>({ path: `:${name}-:${name}y`, sample: fc.constantFrom('a-b', 'a-b-c', 'a-', '-b') }),
    fc.constant<Piece>({ path: `f-:${name}`, sample: fc.constantFrom('f-1', 'f-a-b', 'f-') }),
    fc.constant<Piece>({ path: `:${name}.json`, sample: fc.constantFrom('a.json', 'a.b.json', '.json') }),
    fc.constant<Piece>({ path: `v.:${name}`, sample: fc.constantFrom('v.1', 'v.1.2', 'v.') }),
    // nested and adjacent quantifiers, the shapes that backtrack (together as often as one other piece)
    fc.oneof(
      fc.constant<Piece>({ path: `:${name}:${name}z+`, sample: fc.constantFrom('ab', 'a/b', 'a') }),
      fc.constant<Piece>({ path: `:${name}(\\d+):${name}z`, sample: fc.constantFrom('12ab', '1a', 'a1') }),
      fc.constant<Piece>({ path: `:${name}((?:\\w+,?)+)`, sample: fc.constantFrom('a,b', 'a,b,', 'a,,b') }),
      fc.constant<Piece>({ path: `:${name}((?:[\\w-]+/?)+)`, sample: fc.constantFrom('a-b/c', 'a/', 'a//b') }),
    ),
  );
}

const literal: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 12, arbitrary: word.map((w) => ({ path: w, sample: fc.constantFrom(w, w.toUpperCase(), `${w}x`) })) },
  fc.constant<Piece>({ path: '*', sample: fc.oneof(MULTI, fc.constant('')) }),
  fc.constant<Piece>({ path: 'ab*cd', sample: fc.constantFrom('abcd', 'abXcd', 'abX', 'ab/x/cd') }),
  fc.constant<Piece>({ path: 'user(s)?', sample: fc.constantFrom('user', 'users', 'userss') }),
  fc.constant<Piece>({ path: 'a.b', sample: fc.constantFrom('a.b', 'axb') }),
  fc.constant<Piece>({ path: 'a\\(b\\)', sample: fc.constantFrom('a(b)', 'a%28b%29') }),
  fc.constant<Piece>({ path: 'a!b', sample: fc.constantFrom('a!b') }),
  fc.constant<Piece>({ path: 'price$', sample: fc.constantFrom('price', 'price$') }),
  fc.constant<Piece>({ path: 'a|b', sample: fc.constantFrom('a', 'b', 'a|b') }),
  fc.constant<Piece>({ path: '[ab]c', sample: fc.constantFrom('ac', 'bc', '[ab]c') }),
  fc.constant<Piece>({ path: '(foo|bar)', sample: fc.constantFrom('foo', 'bar', 'baz') }),
  fc.constant<Piece>({ path: 'caf%C3%A9', sample: fc.constantFrom('caf%C3%A9', 'café') }),
  fc.constant<Piece>({ path: ':user-id', sample: fc.constantFrom('bob-id', 'bob') }),
);

/** The equivalence property test's run; the ReDoS test checks every RegExp it emits (same seed, same cases). */
export const EQUIVALENCE_RUN = { seed: 20_260_523, numRuns: 3000 } as const;

/** A path of 0–4 pieces with a leading slash and an optional trailing one, plus the URLs generated for it. */
export const pathCase = fc
  .array(fc.oneof({ weight: 2, arbitrary: literal }, { weight: 3, arbitrary: fc.constant(undefined) }), {
    maxLength: 4,
  })
  .chain((raw) => {
    const pieces = raw.map((p, i) => (p ? fc.constant(p) : param(`p${i}`)));
    return fc.tuple(fc.tuple(...pieces), fc.constantFrom('', '', '/', '//'));
  })
  .chain(([pieces, trailing]) => {
    const path = '/' + pieces.map((p) => p.path).join('/') + (pieces.length ? trailing : '');
    const url = fc
      .tuple(fc.tuple(...pieces.map((p) => p.sample)), fc.constantFrom('', '', '/', '//', '/z', '.x', '?q=1'))
      .map(([parts, tail]) => '/' + parts.filter((s) => s !== '').join('/') + tail);
    const options: fc.Arbitrary<PathOptions> = fc.record({ end: fc.boolean(), strict: fc.boolean(), sensitive: fc.boolean() });
    return fc.record({
      path: fc.constant(path),
      options,
      viaRouter: fc.boolean(),
      urls: fc.uniqueArray(fc.oneof({ weight: 4, arbitrary: url }, { weight: 1, arbitrary: noise }), {
        minLength: 3, maxLength: 6,
      }),
    });
  });
