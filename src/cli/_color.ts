/**
 * @module cli/_color
 * Colour on stdout only for a terminal, and never when NO_COLOR is set.
 */
export const useColor = (): boolean => !!process.stdout.isTTY && !process.env.NO_COLOR;
