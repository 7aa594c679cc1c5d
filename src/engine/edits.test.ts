import { describe, expect, it } from 'vitest';
import { applyEditGroups, mapOffset, unmapOffset } from './edits.ts';

describe('applyEditGroups', () => {
  const text = 'app.del(a); res.send(404);';

  it('applies non-overlapping groups in position order, whatever order they come in', () => {
    const result = applyEditGroups(text, [[{ start: 16, end: 20, text: 'sendStatus' }], [{ start: 4, end: 7, text: 'delete' }]]);
    expect(result).toEqual({
      text: 'app.delete(a); res.sendStatus(404);',
      skipped: [],
      applied: [
        { start: 4, end: 7, text: 'delete' },
        { start: 16, end: 20, text: 'sendStatus' },
      ],
    });
  });

  it('skips a whole group when any of its edits overlaps an accepted one', () => {
    const result = applyEditGroups(text, [
      [{ start: 0, end: 7, text: 'app.delete' }],
      [
        { start: 4, end: 7, text: 'remove' },
        { start: 16, end: 20, text: 'sendStatus' },
      ],
    ]);
    expect(result).toEqual({ text: 'app.delete(a); res.send(404);', skipped: [1], applied: [{ start: 0, end: 7, text: 'app.delete' }] });
  });

  it('applies an edit two groups share once (two rules adding the same import)', () => {
    const imp = { start: 0, end: 0, text: "const path = require('path');\n" };
    const result = applyEditGroups(text, [[imp, { start: 4, end: 7, text: 'delete' }], [imp]]);
    expect(result.text).toBe("const path = require('path');\napp.delete(a); res.send(404);");
    expect(result.skipped).toEqual([]);
  });

  it('keeps an insertion at the edge of a replacement', () => {
    const result = applyEditGroups('abc', [[{ start: 1, end: 2, text: 'B' }], [{ start: 1, end: 1, text: '>' }]]);
    expect(result.text).toBe('a>Bc');
  });
});

describe('mapOffset, unmapOffset', () => {
  // 'app.del(a); res.send(404);' → 'app.delete(a); res.sendStatus(404);'
  const applied = applyEditGroups('app.del(a); res.send(404);', [[{ start: 4, end: 7, text: 'delete' }], [{ start: 16, end: 20, text: 'sendStatus' }]]).applied;

  it('moves an offset by what the edits before it added, and one inside a replacement to its start or end', () => {
    expect(mapOffset(12, applied)).toBe(15); // `res`
    expect(mapOffset(3, applied)).toBe(3); // before any edit
    expect(mapOffset(5, applied)).toBe(4); // inside `del`: where `delete` starts
    expect(mapOffset(5, applied, 'end')).toBe(10); // … or ends
    expect(mapOffset(26, applied, 'end')).toBe(35); // the end of the text
  });

  it('puts an offset right at an insertion after it as a start, before it as an end', () => {
    const insert = [{ start: 2, end: 2, text: 'XY' }];
    expect(mapOffset(2, insert)).toBe(4);
    expect(mapOffset(2, insert, 'end')).toBe(2);
  });

  it('takes an offset back; one inside inserted text goes to where the edit was', () => {
    expect(unmapOffset(15, applied)).toBe(12);
    expect(unmapOffset(8, applied)).toBe(4);
    expect(unmapOffset(3, applied)).toBe(3);
    for (const at of [0, 3, 8, 12, 15, 21]) expect(unmapOffset(mapOffset(at, applied), applied)).toBe(at);
  });
});
