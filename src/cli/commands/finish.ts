import { StraddleError } from '../../errors.ts';

export async function finish(_options: Record<string, unknown>): Promise<number> {
  throw new StraddleError('`straddle finish` is not available yet.', 'E_NOT_AVAILABLE');
}
