import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_IDS, FLAGS, docsLink } from './flags.ts';

// What a feature shares with its rule (rows, docs page) is checked against the rule in codemods/express/registry.test.ts.
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
    const flag: { message: string; majors: readonly number[] } = FLAGS[id];
    expect(flag.message).toMatch(/\S\. [A-Z].*\.$/s);
    expect(flag.majors.length).toBeGreaterThan(0);
    expect(docsLink(id)).toMatch(new RegExp(`/docs/express/${id}\\.md$`));
    expect(existsSync(join(import.meta.dirname, '../../docs/express', `${id}.md`))).toBe(true);
  });
});
