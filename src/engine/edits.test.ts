import { describe, expect, it } from 'vitest';
import { applyEditGroups } from './edits.ts';

describe('applyEditGroups', () => {
  const text = 'app.del(a); res.send(404);';

  it('applies non-overlapping groups in position order, whatever order they come in', () => {
    const result = applyEditGroups(text, [[{ start: 16, end: 20, text: 'sendStatus' }], [{ start: 4, end: 7, text: 'delete' }]]);
    expect(result).toEqual({ text: 'app.delete(a); res.sendStatus(404);', skipped: [] });
  });

  it('skips a whole group when any of its edits overlaps an accepted one', () => {
    const result = applyEditGroups(text, [
      [{ start: 0, end: 7, text: 'app.delete' }],
      [
        { start: 4, end: 7, text: 'remove' },
        { start: 16, end: 20, text: 'sendStatus' },
      ],
    ]);
    expect(result).toEqual({ text: 'app.delete(a); res.send(404);', skipped: [1] });
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
