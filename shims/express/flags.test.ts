import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_IDS, FLAGS, docsLink } from './flags.ts';

const SPEC = join(import.meta.dirname, '../../../shared/express-4-to-5.md');
const GUIDE = join(import.meta.dirname, '../../docs/express/shim.md');

/** Rows whose "Shim?" column (6th cell of tables B–F) says a run-time shim or config is needed. */
function shimRows(spec: string): number[] {
  const rows: number[] = [];
  for (const line of spec.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (!/^\d+$/.test(cells[1] ?? '') || cells.length < 9) continue;
    const shim = cells[6];
    if (!/^no\b/.test(shim) && /\byes\b|config|^same$|only to keep|coercion shim|optional `req\.body/.test(shim)) {
      rows.push(Number(cells[1]));
    }
  }
  return rows;
}

describe('FLAGS', () => {
  it('holds exactly the agreed ids, which are the codemod rule ids', () => {
    expect(FEATURE_IDS).toEqual([
      'async-handler', 'app-del', 'req-param', 'res-sendfile', 'req-accepts-singular', 'res-send-status',
      'res-json-status', 'res-redirect-status', 'redirect-back', 'res-status-invalid', 'app-param-colon',
      'app-param-fn', 'req-query-assign', 'query-parser-extended', 'req-body-undefined', 'urlencoded-extended',
      'app-router-internals', 'static-hidden-option', 'route-path',
    ]);
  });

  it.each(FEATURE_IDS)('%s: says what changed, then what to do instead, and links its docs page', (id) => {
    const flag: { message: string; rows: readonly number[]; majors: readonly number[] } = FLAGS[id];
    expect(flag.message).toMatch(/\S\. [A-Z].*\.$/s);
    expect(flag.rows.length).toBeGreaterThan(0);
    expect(flag.majors.length).toBeGreaterThan(0);
    expect(docsLink(id)).toBe(`https://github.com/straddle-dev/straddle/blob/main/docs/express/${id}.md`);
  });

  it.skipIf(!existsSync(SPEC))('covers every spec row whose "Shim?" column asks for a shim or config', () => {
    const covered = new Set<number>(FEATURE_IDS.flatMap((id) => [...FLAGS[id].rows]));
    const wanted = shimRows(readFileSync(SPEC, 'utf8'));
    expect(wanted).toEqual(expect.arrayContaining([10, 12, 37, 38, 42]));
    expect(wanted.filter((row) => !covered.has(row))).toEqual([]);
  });

  it('is documented: the user guide lists every id with its rows', () => {
    const guide = readFileSync(GUIDE, 'utf8');
    for (const id of FEATURE_IDS) expect(guide).toContain(`| \`${id}\` | ${FLAGS[id].rows.join(', ')} |`);
  });
});
