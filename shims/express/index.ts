/**
 * @module straddle/express
 * Run one codebase on Express 4 and Express 5: `straddle(app)` brings back what Express 5 removed, gives Express 4
 * what Express 5 added, and warns once per call site with the id of the codemod rule that fixes it.
 * Express is a peer dependency; nothing here imports it.
 */
export { straddle } from './straddle.ts';
export type { Mode, StraddleOptions } from './_shim.ts';
export type { Site, Warning } from './_warn.ts';
export { FLAGS, FEATURE_IDS, docsLink, type FeatureId, type FlagData, type FlagKind } from './flags.ts';
export { expressMajor, type Major } from './major.ts';
export { forwardRejections } from './async-handler.ts';
export { listRoutes, routeStack, routerOf, type RouteInfo } from './routes.ts';
export { routePath, type PathOptions } from './route-path.ts';
export { recordTraffic, REDACTED, type RecordOptions } from './record-traffic.ts';
