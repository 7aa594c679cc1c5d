/**
 * @module codemods/fastify/format-date-time
 * Row 38: Fastify 5's validator (ajv-formats 3) requires a timezone in `format: 'date-time'` and `'time'`:
 * `2024-01-01T10:00:00` passed on 4.x and answers 400 on 5.x. Whether values without a timezone are valid input is
 * the API's decision, so each such schema is reported with the form that keeps 4.x's rule on both (a format of its
 * own under another name). The guide's `iso-date-time` / `iso-time` exist only on 5.x: 4.x fails at start-up.
 */
import ts from 'typescript';
import { createFastifyRule, stringValue } from './_rule.ts';
import { propertyName, propertyValue } from './_options.ts';

const STRICTER = new Set(['date-time', 'time']);

export default createFastifyRule({
  id: 'format-date-time',
  meta: {
    description: "Report `format: 'date-time'` and `'time'` in schemas, which require a timezone in Fastify 5",
    rows: [38],
    kind: 'report',
    prefilter: ['date-time', "'time'", '"time"'],
    signatures: [/must match format "(?:date-time|time)"/],
    messages: {
      timezoneRequired:
        "`format: '{{format}}'` requires a timezone on Fastify 5 (`2024-01-01T10:00:00` answers 400 there; Fastify 4 accepted it). If values without one are valid input, register a format of your own under a new name (`ajv: { customOptions: { formats: { 'local-{{format}}': /…/ } } }`), which validates alike on 4 and 5; `iso-{{format}}` exists only on 5.",
    },
  },
  create(context) {
    const { facts } = context;
    // schemas live in files of their own too: in a file that does not use fastify, only its project says they are Fastify's
    const confidence = facts.importsFastify ? 'high' : facts.projectFastify() ? 'low' : undefined;
    if (!confidence) return {};
    return {
      PropertyAssignment(node: ts.PropertyAssignment) {
        if (propertyName(node) !== 'format') return;
        const format = stringValue(propertyValue(node));
        if (format && STRICTER.has(format)) context.report({ node, messageId: 'timezoneRequired', data: { format }, confidence });
      },
    };
  },
});
