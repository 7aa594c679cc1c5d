/**
 * @module codemods/fastify/semicolon-delimiter-default
 * Row 26: Fastify 5 turned `useSemicolonDelimiter` off. On 4.x a `;` ended the path (`/items;page=2` reached
 * `/items` with the query `page=2`); on 5.x that request answers 404. `useSemicolonDelimiter: true` keeps 4.x's
 * routing on both majors (4.0–4.25 have no option and always split; 5.5+ warns FSTDEP022 about it at the top level,
 * row 42). Whether clients send such paths is not in the code, so the call is reported and the option written only
 * where replayed traffic showed it (./_pin-default.ts).
 */
import { createFastifyRule } from './_rule.ts';
import { pinDefaultVisitors } from './_pin-default.ts';

const ID = 'semicolon-delimiter-default';

export default createFastifyRule({
  id: ID,
  meta: {
    description: 'Pin `useSemicolonDelimiter: true` on Fastify factory calls whose clients send `;` in paths',
    rows: [26],
    kind: 'both',
    prefilter: ['fastify', 'Fastify'],
    messages: {
      pinDefault:
        '`{{callee}}(…)` leaves `useSemicolonDelimiter` at its default, which Fastify 5 turned off: a `;` no longer ends the path, so `/items;page=2` answers 404 instead of reaching `/items`. If clients send such paths, add `useSemicolonDelimiter: true`, which routes them as Fastify 4 did on 4 and 5 (`upgrade --requests` writes it when replayed traffic shows the difference).',
      optionsUnknown:
        '`{{callee}}({{options}})` passes options this file does not show, and Fastify 5 turned `useSemicolonDelimiter` off (`/items;page=2` answers 404 instead of reaching `/items`). Check that the options set `useSemicolonDelimiter: true` if clients send `;` in paths.',
      optionsSpread:
        '`{{callee}}(…)` spreads options this file does not show, and Fastify 5 turned `useSemicolonDelimiter` off (`/items;page=2` answers 404 instead of reaching `/items`). Check that the spread sets `useSemicolonDelimiter: true` if clients send `;` in paths.',
    },
  },
  create(context) {
    // a path literal with a `;` in it (a route, an inject in a test): some client sends one
    return pinDefaultVisitors(context, { ruleId: ID, key: 'useSemicolonDelimiter', value: 'true', typedFrom: '4.26.0', routerOption: true, hint: /(['"`])\/[^'"`\s]*;[^'"`\s]*\1/ });
  },
});
