/**
 * @module _internals
 * The one place the shim reaches past Fastify's public API, only on the 4.x minors that lack a public replacement: a
 * request's route context, what `request.routeOptions` is built from on 4.0–4.22. Fastify keys it by a private
 * symbol, found by its description (the same on every 4.x and 5.x), or, before 4.7, a plain `context` property.
 */

type Obj = Record<PropertyKey, any>;

/** The symbol with this description on `obj` or its prototypes, or undefined. */
export function symbolNamed(obj: object, description: string): symbol | undefined {
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    const found = Object.getOwnPropertySymbols(o).find((s) => s.description === description);
    if (found) return found;
  }
  return undefined;
}

/**
 * A request's route context (config with url and method, schema, handler, logLevel, …): under a private symbol from
 * 4.7, a plain `context` property before (read directly there, as 4.7+ warns FSTDEP012 on that getter).
 */
export function routeContextOf(request: Obj): Obj | undefined {
  const key = symbolNamed(request, 'fastify.context');
  return key ? request[key] : request.context;
}

/**
 * The getter `name` resolves to on `obj`'s prototype chain once `own` is passed over: what a request decorator
 * shadowed (Fastify's own property, or a straddled parent context's decorator).
 */
export function shadowedGetter(obj: object, name: string, own: Function): ((this: unknown) => unknown) | undefined {
  let passed = false;
  for (let o: object | null = Object.getPrototypeOf(obj); o; o = Object.getPrototypeOf(o)) {
    const get = Object.getOwnPropertyDescriptor(o, name)?.get;
    if (!get) continue;
    if (get === own) passed = true;
    else if (passed) return get;
  }
  return undefined;
}
