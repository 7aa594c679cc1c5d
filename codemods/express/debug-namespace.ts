/**
 * @module codemods/express/debug-namespace
 * Row 55: Express 5's router logs under the `router` debug namespaces, not `express:router*`.
 */
import type { ProjectRule } from '../../src/authoring.ts';

const rule: ProjectRule = {
  id: 'debug-namespace',
  meta: {
    description: 'Find `DEBUG=express:router*` in scripts: Express 5 routing logs under `router`',
    rows: [55],
    kind: 'report',
    messages: {
      routerNamespace: 'Script "{{script}}" enables `{{namespace}}`, which Express 5 no longer logs under. Add `router,router:*` to DEBUG (Express 5 routing logs there).',
    },
  },
  check(context) {
    for (const [script, command] of Object.entries(context.packageJson.scripts ?? {})) {
      const namespace = /DEBUG=["']?([^\s"']*express:(?:router|\*)[^\s"']*)/.exec(command)?.[1];
      if (namespace && !/(^|,)router(,|:|$)/.test(namespace)) context.report({ messageId: 'routerNamespace', data: { script, namespace }, at: `scripts.${script}` });
    }
  },
};
export default rule;
