import { describe, expect, it } from 'vitest';
import { Noise, routeKey } from './noise.ts';

describe('noise', () => {
  it('one route for every id, query apart', () => {
    expect(routeKey('GET', '/orders/42/items/9f1c2b3a-1111-4222-8333-444455556666?x=1')).toBe('GET /orders/:id/items/:id');
    expect(routeKey('GET', '/orders/new')).toBe('GET /orders/new');
  });

  it('a place the two old instances differ at is ignored on every request to that route, and only there', () => {
    const noise = new Noise();
    noise.learn('GET /status', [{ where: 'body $.items[0].at', old: '1', new: '2' }]);
    const seen = [
      { where: 'body $.items[3].at', old: 'x', new: 'y' },
      { where: 'status', old: '200', new: '404' },
    ];
    expect(noise.filter('GET /status', seen)).toEqual([seen[1]]);
    expect(noise.filter('GET /other', seen)).toEqual(seen);
    expect(noise.summary()).toEqual([{ route: 'GET /status', places: ['body $.items[].at'] }]);
  });
});
