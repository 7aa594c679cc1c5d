/**
 * @module packs
 * The packs straddle ships, by the id users type. The only place that names them; loaded on demand.
 */
import type { Pack } from './pack.ts';
import { StraddleError } from './errors.ts';

const PACKS: Record<string, () => Promise<{ default: Pack<any> }>> = {
  express: () => import('../codemods/express/index.ts'),
};

export const packIds = Object.keys(PACKS);

export async function loadPack(id: string): Promise<Pack<any>> {
  // own keys only: `constructor` or `__proto__` are no packs
  const load = Object.hasOwn(PACKS, id) ? PACKS[id] : undefined;
  if (!load) throw new StraddleError(`Unknown pack "${id}". Known packs: ${packIds.join(', ')}.`, 'E_UNKNOWN_PACK');
  return (await load()).default;
}
