/**
 * @module replay/noise
 * What differs between two instances of the same old build is noise (a timestamp, a random id, an order), not the
 * upgrade. It is learned per route and per place in the answer, not per request: a field that changed between the
 * two old instances on any request to a route is ignored on every request to that route.
 */
import type { Difference } from './compare.ts';

// a numeric id, a UUID, a long hex or base64url token: one route, whatever the value
const ID_SEGMENT = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|[A-Za-z0-9_-]{20,})$/i;

/** `GET /users/:id` for `GET /users/42?x=1`: the route a request stands for. */
export function routeKey(method: string, url: string): string {
  const path = url.split(/[?#]/)[0]!;
  return `${method} ${path
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) ? ':id' : segment))
    .join('/')}`;
}

/** A place in an answer, its array indexes folded: `body $.items[3].at` and `body $.items[0].at` are one. */
export const placeOf = (difference: Difference) => difference.where.replace(/\[\d+\]/g, '[]').replace(/^body line \d+$/, 'body line');

/** When the replay ran (epoch ms): a time inside it is a clock read of this run. */
export interface ClockWindow {
  from: number;
  to: number;
}

/** An ISO 8601 date-time, an HTTP date, or epoch seconds or milliseconds, as epoch ms; undefined for anything else. */
function timeOf(value: string): number | undefined {
  const text = value.replace(/^"(.*)"$/, '$1');
  if (/^\d{10}(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (/^\d{13}$/.test(text)) return Number(text);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d|^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} /.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Both sides read the clock during the replay: a timestamp the two old instances happened to answer within the
 * same millisecond (so it was never learned as noise) while the candidate answered a millisecond later. Random ids
 * never coincide that way, so only clock reads need this; a time from the app's data is the same on every side.
 */
export function isClockRead(difference: Difference, window: ClockWindow): boolean {
  const inside = (ms: number | undefined) => ms !== undefined && ms >= window.from - 1000 && ms <= window.to + 1000;
  return inside(timeOf(difference.old)) && inside(timeOf(difference.new));
}

export class Noise {
  private readonly places = new Map<string, Set<string>>();
  private readonly clockReads = new Map<string, Set<string>>();

  constructor(private readonly window?: ClockWindow) {}

  /** Learns from one request's primary/secondary differences. */
  learn(route: string, differences: readonly Difference[]): void {
    if (!differences.length) return;
    const places = this.places.get(route) ?? new Set<string>();
    for (const difference of differences) places.add(placeOf(difference));
    this.places.set(route, places);
  }

  /** The differences that are not noise on `route`. */
  filter(route: string, differences: readonly Difference[]): Difference[] {
    const places = this.places.get(route);
    return differences.filter((difference) => {
      if (places?.has(placeOf(difference))) return false;
      if (!this.window || !isClockRead(difference, this.window)) return true;
      const reads = this.clockReads.get(route) ?? new Set<string>();
      this.clockReads.set(route, reads.add(placeOf(difference)));
      return false;
    });
  }

  /** How many places each route ignores (learned, or clock reads of the run), for the report. */
  summary(): Array<{ route: string; places: string[] }> {
    const routes = new Set([...this.places.keys(), ...this.clockReads.keys()]);
    return [...routes]
      .map((route) => ({ route, places: [...new Set([...(this.places.get(route) ?? []), ...(this.clockReads.get(route) ?? [])])].sort() }))
      .sort((a, b) => a.route.localeCompare(b.route));
  }
}
