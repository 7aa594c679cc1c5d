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

export class Noise {
  private readonly places = new Map<string, Set<string>>();

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
    return places ? differences.filter((difference) => !places.has(placeOf(difference))) : [...differences];
  }

  /** How many places each route ignores, for the report. */
  summary(): Array<{ route: string; places: string[] }> {
    return [...this.places].map(([route, places]) => ({ route, places: [...places].sort() })).sort((a, b) => a.route.localeCompare(b.route));
  }
}
