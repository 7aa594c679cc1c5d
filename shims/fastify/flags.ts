/**
 * @module flags
 * The one table of the Fastify shim's features. Each id is the id of the codemod rule that fixes the same change
 * (where the pack has that rule) and the `id` of its warnings, fully qualified as `fastify/<id>`; each feature cites
 * the rows of docs/fastify/breaking-changes.md it stands in for, and has a section of docs/fastify/shim.md.
 */
import { docsUrl } from './_docs.ts';

/** What a feature does. */
export type FlagKind =
  /** a Fastify 4 API that Fastify 5 removed: the shim brings it back on 5 */
  | 'removed'
  /** an option or schema form whose meaning changed: the shim gives the old form its old meaning on 5 */
  | 'changed'
  /** a helper a library or an app calls itself; it takes no mode */
  | 'helper';

export interface FlagData {
  /** "What changed. What to do instead." Printed after `(straddle fastify/<id>)` when old-form code runs on 5. */
  message: string;
  kind: FlagKind;
  /** Rows of the breaking-change table. */
  rows: readonly number[];
  /**
   * The replacement the shim also gives the 4.x minors that lack it, so the dual form a rule writes runs there too:
   * what it is, the first minor that has it natively, and the warning printed when the shim supplies it.
   */
  forward?: { api: string; from: string; message: string };
  /** The features that act on 4 as well as on 5 (the old form still works natively on 4, but `warn` names it there). */
  warnsOn4?: true;
  /** Set where the feature cannot give the old behaviour in every case; the docs page explains. */
  limits?: string;
}

export const FLAGS = {
  'request-route-props': {
    message:
      'request.routerPath, routerMethod, routeConfig and routeSchema are undefined on Fastify 5. Read request.routeOptions.url, .method, .config and .schema instead.',
    kind: 'removed',
    rows: [15, 16, 17, 18],
    forward: {
      api: 'request.routeOptions (with config and schema)',
      from: '4.23.0',
      message:
        'request.routeOptions (url and method from 4.10, config and schema from 4.23) is missing on this Fastify 4 minor, and straddle supplies it. Require fastify ^4.23.0 instead.',
    },
  },
  'reply-get-response-time': {
    message: 'reply.getResponseTime() was removed in Fastify 5. Read reply.elapsedTime (a number, not a function) instead.',
    kind: 'removed',
    rows: [20],
    forward: {
      api: 'reply.elapsedTime',
      from: '4.26.0',
      message: 'reply.elapsedTime is missing on Fastify 4 before 4.26, and straddle supplies it. Require fastify ^4.26.0 instead.',
    },
  },
  'request-context': {
    message:
      "request.context and reply.context (Fastify 4's route context) are undefined on Fastify 5. Read config, schema, handler, logLevel and attachValidation from request.routeOptions instead.",
    kind: 'removed',
    rows: [12, 19],
    forward: {
      api: 'request.routeOptions (with config, schema and handler)',
      from: '4.23.0',
      message:
        'request.routeOptions (logLevel and attachValidation from 4.10, config, schema and handler from 4.23) is missing on this Fastify 4 minor, and straddle supplies it. Require fastify ^4.23.0 instead.',
    },
    limits:
      "On 5 the context holds only what routeOptions has (config, schema, handler, logLevel, attachValidation); Fastify 4's internals (hook arrays, compilers, the error handler) are not there.",
  },
  'request-connection': {
    message: 'request.connection is undefined on Fastify 5. Read request.socket instead.',
    kind: 'removed',
    rows: [5],
  },
  'json-shorthand': {
    message:
      'A route schema is a bare property map (JSON shorthand), which Fastify 5 rejects for querystring, params, body and headers and ignores for responses (every field is sent). Write the full schema { type: "object", properties: { … } } instead.',
    kind: 'changed',
    rows: [23, 24],
    warnsOn4: true,
    limits:
      'Only schemas the routes declare are wrapped, when they are registered after straddle(); shared schemas added with addSchema() and reached by $ref are not.',
  },
  'route-version': {
    message:
      "The route option version is ignored by Fastify 5, so the route answers every Accept-Version. Write constraints: { version: '…' } instead.",
    kind: 'changed',
    rows: [8],
  },
  'logger-instance': {
    message:
      'Fastify 5 takes a logger instance only as loggerInstance, and throws when it is passed as logger. Pass the options through fastifyOptions(fastify, options), or choose the key by major, instead.',
    kind: 'helper',
    rows: [25],
  },
  'plugin-fastify-range': {
    message:
      "A plugin declaring fastify: '4.x' is refused by Fastify 5 at register. Declare both majors (dualPlugin(fn, meta) declares '4.x || 5.x') once its tests pass on both instead.",
    kind: 'helper',
    rows: [3],
  },
} as const satisfies Record<string, FlagData>;

export type FeatureId = keyof typeof FLAGS;

export const FEATURE_IDS = Object.keys(FLAGS) as FeatureId[];

/** The features `straddle(app)` installs; the helpers are called by the app's or library's own code. */
export const INSTANCE_FEATURES = FEATURE_IDS.filter((id) => FLAGS[id].kind !== 'helper');

/** The docs of a feature: its section of the shim's page, which links its rule's page where the pack has one. */
export function docsLink(id: FeatureId): string {
  return `${docsUrl('shim')}#${id}`;
}
