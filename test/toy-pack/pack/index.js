// @ts-check
/**
 * A pack for a made-up framework, widgetkit 1 → 2, written the way a pack outside straddle is: it loads by path
 * (`straddle scan ./test/toy-pack/pack/index.js`), and straddle's source knows nothing about it.
 */
import { widgetkitNames } from './_facts.js';
import pluginRange from './plugin-range.js';
import renderStatus from './render-status.js';
import widgetDestroy from './widget-destroy.js';

/** @type {import('../../../src/index.ts').Pack<Set<string>>} */
export default {
  id: 'widgetkit',
  title: 'widgetkit 1 → 2',
  packageName: 'widgetkit',
  versions: { old: '1', new: '2' },
  // widgetkit-sessions' majors each serve one widgetkit major: on 2, the matrix runs its 2.x
  companions: (major) => (major >= 2 ? { 'widgetkit-sessions': '^2.0.0' } : {}),
  docsUrl: (ruleId) => `https://example.com/widgetkit/rules/${ruleId}`,
  rules: [renderStatus, widgetDestroy, pluginRange],
  prefilter: /\bwidgetkit\b/,
  analyze: (sourceFile) => widgetkitNames(sourceFile),
};
