/**
 * @module cli/test-command
 * What follows `--` is the test command as argv, run without a shell (`-- npx mocha test/a.js`). CI scripts and
 * package.json scripts often hold the command as one string instead: a single argument with a space in it
 * (`-- "npm run test:ci"`, `-- "$TEST_COMMAND"`) is run by sh, as npm runs scripts, so it can be handed over unchanged.
 */
import { StraddleError } from '../errors.ts';

/** One argument that is a whole command line: white space, or shell syntax (pipes, redirects, `&&`, variables). */
const COMMAND_LINE = /[\s|&;<>()$`*?]/;
/** An argument a shell would have unquoted: its quotes reached us, so the command was split as a string, by hand. */
const LITERAL_QUOTES = /^(['"]).*\1$/s;

/** The argv to run, or undefined for the default. Throws on quotes that show the command was split as a string. */
export function parseTestCommand(afterDashes: readonly string[] | undefined): string[] | undefined {
  if (!afterDashes?.length) return undefined;
  if (afterDashes.length === 1 && COMMAND_LINE.test(afterDashes[0]!)) return ['sh', '-c', afterDashes[0]!];
  const quoted = afterDashes.find((arg) => LITERAL_QUOTES.test(arg) && arg.length > 1);
  if (quoted) {
    throw new StraddleError(
      `The test command's argument ${quoted} still has its quotes, so no shell removed them (a command built as a string and split by hand). ` +
        'What follows -- is argv; to pass a command line as one string, quote all of it: -- "node run.js --require x".',
      'E_BAD_VALUE',
    );
  }
  return [...afterDashes];
}
