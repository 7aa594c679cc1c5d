/**
 * @module json-shorthand
 * Rows 23 and 24. Fastify 4 read a route schema part that is a bare property map (`{ page: { type: 'integer' } }`) as
 * `{ type: 'object', properties: <map> }`; Fastify 5 refuses such a map for querystring, params, body and headers,
 * and takes it for a schema of unknown keywords for a response (so every field is sent). `expandShorthand` gives the
 * route Fastify 4's reading, on either major, by the test Fastify 4 applied.
 */

type Obj = Record<string, any>;

/** The parts Fastify validates a request with; `query` is Fastify's alias of `querystring`. */
const REQUEST_PARTS = ['querystring', 'query', 'params', 'body', 'headers'] as const;

/** Keywords whose truthy value makes a part a schema of its own (Fastify 4 left such parts alone). */
const COMBINERS = ['$ref', 'oneOf', 'allOf', 'anyOf', '$merge', '$patch'];

/** A plain object literal: schema builders (fluent-json-schema, classes) produce their own prototypes, and are left alone. */
function isPlainObject(value: unknown): value is Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !(value as Obj).isFluentSchema;
}

/** Whether Fastify 4 would have wrapped this part as the properties of an object schema. */
export function isShorthand(part: unknown): part is Obj {
  if (!isPlainObject(part)) return false;
  if (COMBINERS.some((key) => part[key])) return false;
  return !part.type && !part.properties;
}

const wrap = (map: Obj) => ({ type: 'object', properties: map });

/** A part as Fastify 4 read it: wrapped when it is a shorthand map; `content` maps handled per media type. */
function expandPart(part: unknown, found: () => void): unknown {
  if (!isPlainObject(part)) return part;
  if (isPlainObject(part.content) && Object.values(part.content).every((media) => isPlainObject(media) && media.schema !== undefined)) {
    const content = Object.fromEntries(Object.entries(part.content).map(([type, media]) => [type, { ...(media as Obj), schema: expandPart((media as Obj).schema, found) }]));
    return { ...part, content };
  }
  if (!isShorthand(part)) return part;
  found();
  return wrap(part);
}

/**
 * The route schema with every shorthand part expanded, or the same object when it has none (nothing is copied or
 * changed then, and the caller's object is never changed).
 */
export function expandShorthand(schema: unknown): unknown {
  if (!isPlainObject(schema)) return schema;
  let changed = false;
  const found = () => (changed = true);
  const out: Obj = { ...schema };
  for (const key of REQUEST_PARTS) if (schema[key] !== undefined) out[key] = expandPart(schema[key], found);
  if (isPlainObject(schema.response)) {
    out.response = Object.fromEntries(Object.entries(schema.response).map(([code, part]) => [code, expandPart(part, found)]));
  }
  return changed ? out : schema;
}
