/**
 * @module reporters/_color
 * The one colour setup: colour on stdout only for a terminal, never when NO_COLOR is set, and one chalk instance per
 * choice, so every reporter colours alike and tests get plain text.
 */
import { Chalk, type ChalkInstance } from 'chalk';

export type Colors = ChalkInstance;

export const useColor = (): boolean => !!process.stdout.isTTY && !process.env.NO_COLOR;

const plain = new Chalk({ level: 0 });
const basic = new Chalk({ level: 1 });

/** The colours a reporter paints with: no-ops unless `enabled`. */
export const colors = (enabled: boolean | undefined): Colors => (enabled ? basic : plain);
