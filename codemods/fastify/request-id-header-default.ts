/**
 * @module codemods/fastify/request-id-header-default
 * Row 27 (not in the migration guide): Fastify 5 turned `requestIdHeader` from `'request-id'` to `false`. On 4.x an
 * incoming `request-id` header became `request.id` and the logs' `reqId`; on 5.x the header is ignored and ids are
 * generated. `requestIdHeader: 'request-id'` keeps 4.x's ids on every 4.x and 5.x. Trusting a client's id is what
 * 5.x stopped doing by default, and whether a proxy or client sends the header is not in the code, so the call is
 * reported and the option written only where replayed traffic showed it (./_pin-default.ts).
 */
import { createFastifyRule } from './_rule.ts';
import { pinDefaultVisitors } from './_pin-default.ts';

const ID = 'request-id-header-default';

export default createFastifyRule({
  id: ID,
  meta: {
    description: "Pin `requestIdHeader: 'request-id'` on Fastify factory calls whose clients send a `request-id` header",
    rows: [27],
    kind: 'both',
    prefilter: ['fastify', 'Fastify'],
    messages: {
      pinDefault:
        "`{{callee}}(…)` leaves `requestIdHeader` at its default, which Fastify 5 turned from `'request-id'` to `false`: a `request-id` header no longer becomes `request.id` and the logs' `reqId`. If a proxy or client sends it and the ids matter, add `requestIdHeader: 'request-id'`, which keeps Fastify 4's ids on 4 and 5 (`upgrade --requests` writes it when replayed traffic shows the difference).",
      optionsUnknown:
        "`{{callee}}({{options}})` passes options this file does not show, and Fastify 5 turned `requestIdHeader` from `'request-id'` to `false`. Check that the options set `requestIdHeader` if a `request-id` header should still become `request.id`.",
      optionsSpread:
        "`{{callee}}(…)` spreads options this file does not show, and Fastify 5 turned `requestIdHeader` from `'request-id'` to `false`. Check that the spread sets `requestIdHeader` if a `request-id` header should still become `request.id`.",
    },
  },
  create(context) {
    // the header's name in the file (a test sending it, code reading it): some client sends one
    return pinDefaultVisitors(context, { ruleId: ID, key: 'requestIdHeader', value: "'request-id'", hint: /(['"`])request-id\1/i });
  },
});
