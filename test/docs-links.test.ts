/**
 * Every link straddle prints (rule pages, rows of the breaking-change table, the shim's feature pages) leads to a
 * page that exists: once they pointed at a GitHub repository nobody had made.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPack, packIds } from '../src/packs.ts';
import { docsLink, FEATURE_IDS } from '../shims/express/flags.ts';

/** The file a link names, and its anchor; the link must be a file URL. */
function target(link: string): { file: string; anchor?: string } {
  const url = new URL(link);
  expect(url.protocol).toBe('file:');
  return { file: fileURLToPath(url), anchor: url.hash.slice(1) || undefined };
}

describe('the links straddle prints', () => {
  it.each(packIds)('%s: name a rule page that exists for every rule, and an anchor that exists for every row a rule cites', async (id) => {
    const pack = await loadPack(id);
    for (const rule of [...pack.rules, ...(pack.projectRules ?? [])]) {
      expect(() => readFileSync(target(pack.docsUrl(rule.id)).file), rule.id).not.toThrow();
      for (const row of rule.meta.rows) {
        const { file, anchor } = target(pack.rowUrl!(row));
        expect(readFileSync(file, 'utf8'), `row ${row}`).toContain(`id="${anchor}"`);
      }
    }
  });

  it("name a page that exists for every shim feature's warning", () => {
    for (const id of FEATURE_IDS) expect(() => readFileSync(target(docsLink(id)).file), id).not.toThrow();
  });
});
