import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FEATURE_IDS, FLAGS, INSTANCE_FEATURES, docsLink } from './flags.ts';

const DOCS = join(import.meta.dirname, '../../docs/fastify');
const shimPage = readFileSync(join(DOCS, 'shim.md'), 'utf8');
const tableRows = new Set([...readFileSync(join(DOCS, 'breaking-changes.md'), 'utf8').matchAll(/<a id="row-(\d+)"><\/a>/g)].map((m) => Number(m[1])));

describe('FLAGS (fastify)', () => {
  it('holds the agreed ids; straddle() installs all but the helpers', () => {
    expect(FEATURE_IDS).toEqual([
      'request-route-props', 'reply-get-response-time', 'request-context', 'request-connection', 'json-shorthand',
      'route-version', 'logger-instance', 'plugin-fastify-range',
    ]);
    expect(FEATURE_IDS.filter((id) => !INSTANCE_FEATURES.includes(id))).toEqual(['logger-instance', 'plugin-fastify-range']);
  });

  it.each(FEATURE_IDS)('%s: says what changed, then what to do instead, cites rows of the table, and has its section', (id) => {
    const flag: { message: string; rows: readonly number[]; forward?: { message: string } } = FLAGS[id];
    for (const message of [flag.message, flag.forward?.message].filter((m): m is string => !!m)) expect(message).toMatch(/\S\. [A-Z].*\.$/s);
    expect(flag.rows.length).toBeGreaterThan(0);
    expect(flag.rows.filter((row) => !tableRows.has(row))).toEqual([]);
    // a file URL to the page in this checkout (what a warning prints), anchored at the feature's heading
    const link = new URL(docsLink(id));
    expect([link.protocol, fileURLToPath(link), link.hash]).toEqual(['file:', join(DOCS, 'shim.md'), `#${id}`]);
    expect(shimPage).toContain(`\n### ${id}\n`);
  });
});
