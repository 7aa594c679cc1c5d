import { StraddleError } from '../../errors.ts';

export async function upgrade(_options: Record<string, unknown>): Promise<number> {
  throw new StraddleError('`straddle upgrade` is not available yet.', 'E_NOT_AVAILABLE');
}
