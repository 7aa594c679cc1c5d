/**
 * @module reporters/_color
 * The one colour setup: colour on stdout only for a terminal, never when NO_COLOR is set, always when FORCE_COLOR is
 * (but `0`), and one chalk instance per choice, so every reporter colours alike and tests get plain text.
 */
import { Chalk, type ChalkInstance } from 'chalk';

export type Colors = ChalkInstance;

export const useColor = (): boolean => {
  const { NO_COLOR, FORCE_COLOR } = process.env;
  if (NO_COLOR) return false;
  if (FORCE_COLOR !== undefined) return FORCE_COLOR !== '0' && FORCE_COLOR !== 'false';
  return !!process.stdout.isTTY;
};

const plain = new Chalk({ level: 0 });
const basic = new Chalk({ level: 1 });

/** The colours a reporter paints with: no-ops unless `enabled`. */
export const colors = (enabled: boolean | undefined): Colors => (enabled ? basic : plain);
