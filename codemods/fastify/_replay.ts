/**
 * @module codemods/fastify/_replay
 * Which Fastify 4 → 5 change explains a difference `straddle replay` saw between the two majors' answers to one
 * request, each recognised by what it does to an answer. For the rules that write a fix only with such evidence
 * (rows 26 and 27 pin an old default), this is where the evidence comes from.
 */
import type { ReplayDifference, ReplayExchange } from '../../src/authoring.ts';

type Explanation = { ruleId: string; why: string } | undefined;

const header = (headers: Record<string, string>, name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];

const explainers: Array<(d: ReplayDifference, e: ReplayExchange) => Explanation> = [
  // `/items;page=2`: Fastify 4 ended the path at the `;`, 5 looks for a route named `/items;page=2`
  (d, e) =>
    d.where === 'status' && e.new.status === 404 && e.old.status !== 404 && e.request.url.split('?')[0]!.includes(';')
      ? { ruleId: 'semicolon-delimiter-default', why: 'Fastify 5 no longer ends the path at a `;` (useSemicolonDelimiter is off), so the request finds no route' }
      : undefined,
  // a `request-id` header: Fastify 4 made it the request's id, 5 generates one
  (d, e) => {
    const id = header(e.request.headers, 'request-id');
    return id && d.old.includes(id) && !d.new.includes(id)
      ? { ruleId: 'request-id-header-default', why: `Fastify 5 ignores the request-id header (${id}) and generates its own id (requestIdHeader is false)` }
      : undefined;
  },
  // a Host with a port: `request.hostname` kept it on 4, drops it on 5
  (d, e) => {
    const host = header(e.request.headers, 'host');
    const port = host && /:(\d+)$/.exec(host)?.[1];
    return port && d.old.includes(host) && !d.new.includes(host)
      ? { ruleId: 'request-hostname', why: `Fastify 5's request.hostname drops the port of ${host} (request.host keeps it)` }
      : undefined;
  },
  // DELETE or OPTIONS with a Content-Type and no body: 4 skipped the parser, 5 answers 400
  (d, e) =>
    d.where === 'status' && e.new.status === 400 && e.new.body.includes('FST_ERR_CTP_EMPTY_JSON_BODY') && ['DELETE', 'OPTIONS'].includes(e.request.method.toUpperCase())
      ? { ruleId: 'delete-empty-body', why: `Fastify 5 parses the empty body of a ${e.request.method.toUpperCase()} with a Content-Type (an empty JSON body is a 400)` }
      : undefined,
];

export function explainReplay(difference: ReplayDifference, exchange: ReplayExchange): Explanation {
  for (const explainer of explainers) {
    const explained = explainer(difference, exchange);
    if (explained) return explained;
  }
  return undefined;
}
