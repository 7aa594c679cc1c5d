/**
 * @module codemods/fastify/_shim
 * The pack's runtime shim as the engine sees it: `straddle/fastify`, vendored by the upgrade loop as
 * straddle-fastify/, wired where an instance is created, for the features `straddle()` installs (each the id of the
 * rule it stands in for). Its helpers (`fastifyOptions`, `dualPlugin`) are the app's own calls, never wired.
 */
import type { PackShim } from '../../src/authoring.ts';
import { INSTANCE_FEATURES } from '../../shims/fastify/flags.ts';
import { unwireShim, wireShim } from './_shim-wiring.ts';
import { SHIM_MODULE, VENDOR_DIR, vendorFiles } from './_vendor.ts';

export const shim: PackShim = {
  module: SHIM_MODULE,
  vendorDir: VENDOR_DIR,
  vendorFiles,
  wire: wireShim,
  unwire: unwireShim,
  prefilter: ['fastify', 'Fastify'],
  features: INSTANCE_FEATURES,
};
