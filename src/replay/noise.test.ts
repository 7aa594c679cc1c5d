import { describe, expect, it } from 'vitest';
import { isClockRead, Noise, routeKey } from './noise.ts';

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

  it('a time read from the clock during the run is noise though the old instances answered it in the same millisecond', () => {
    const window = { from: Date.parse('2026-12-05T10:00:00.000Z'), to: Date.parse('2026-12-05T10:00:05.000Z') };
    const at = (old: string, next: string) => ({ where: 'body $.time', old, new: next });
    expect(isClockRead(at('"2026-12-05T10:00:01.001Z"', '"2026-12-05T10:00:01.002Z"'), window)).toBe(true);
    expect(isClockRead(at('1796464801001', '1796464801002'), window)).toBe(true);
    expect(isClockRead(at('"Sat, 05 Dec 2026 10:00:01 GMT"', '"Sat, 05 Dec 2026 10:00:02 GMT"'), window)).toBe(true);
    // a date of the app's data, a version, a count: never the clock of this run
    expect(isClockRead(at('"2024-01-01T00:00:00.000Z"', '"2024-01-02T00:00:00.000Z"'), window)).toBe(false);
    expect(isClockRead(at('"2026-12-05T10:00:01.001Z"', 'null'), window)).toBe(false);
    expect(isClockRead(at('200', '404'), window)).toBe(false);
    const noise = new Noise(window);
    const seen = [at('"2026-12-05T10:00:01.001Z"', '"2026-12-05T10:00:01.002Z"'), { where: 'status', old: '200', new: '404' }];
    expect(noise.filter('GET /status', seen)).toEqual([seen[1]]);
    expect(noise.summary()).toEqual([{ route: 'GET /status', places: ['body $.time'] }]);
    // without a window (a caller that did not time the run), only what was learned is noise
    expect(new Noise().filter('GET /status', seen)).toEqual(seen);
  });
});
