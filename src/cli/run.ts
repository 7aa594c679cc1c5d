/**
 * @module cli/run
 * Parse, run, and turn every failure into a message and a documented exit code
 * (0 done or clean, 1 findings in check / dry-run mode or a failing version, 2 the tool failed).
 */
import { stripVTControlCharacters } from 'node:util';
import { renderUsage, runCommand, type ArgsDef, type CommandDef } from 'citty';
import { EXIT, ExitError, StraddleError } from '../errors.ts';
import { assertKnownOptions, main, splitPassthrough } from './cli.ts';
import { useColor } from '../reporters/_color.ts';
import packageJson from '../../package.json' with { type: 'json' };

const { version } = packageJson;

async function usage(argv: string[]): Promise<void> {
  const subCommands = main.subCommands as Record<string, CommandDef>;
  const sub = argv.find((arg) => arg in subCommands);
  const text = await (sub ? renderUsage(subCommands[sub]!, main) : renderUsage(main));
  // citty colours its usage whatever stdout is: plain text into a file or a pipe, as every report
  console.log(`${useColor() ? text : stripVTControlCharacters(text)}\n`);
}

export async function runCli(argv: string[]): Promise<number> {
  let args: string[];
  try {
    args = splitPassthrough(argv);
  } catch (error) {
    if (!(error instanceof StraddleError)) throw error;
    return reported(error);
  }
  if (!args.length || args.some((a) => a === '--help' || a === '-h')) {
    await usage(args);
    return args.length ? EXIT.ok : EXIT.failure;
  }
  if (args[0] === '--version' || args[0] === '-v') {
    console.log(version);
    return EXIT.ok;
  }
  try {
    const subCommands = main.subCommands as Record<string, CommandDef>;
    const sub = Object.hasOwn(subCommands, args[0]!) ? subCommands[args[0]!] : undefined;
    if (sub?.args) assertKnownOptions(sub.args as ArgsDef, args.slice(1));
    await runCommand(main, { rawArgs: args });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ExitError) return error.exitCode;
    if (error instanceof StraddleError) return reported(error);
    // citty's own usage errors (unknown command, missing argument, a value outside an enum)
    if (error instanceof Error && (error.name === 'CLIError' || ('code' in error && String((error as { code: unknown }).code).startsWith('E_')))) {
      await usage(args);
      console.error(`straddle: ${error.message}`);
      return EXIT.failure;
    }
    console.error(error);
    console.error(`\nstraddle ${version} on Node ${process.version} failed unexpectedly. Please report it with the output above.`);
    return EXIT.failure;
  }
}

/** A StraddleError said in one line, with its code; its exit code. */
function reported(error: StraddleError): number {
  console.error(`straddle: ${error.message} (${error.code})`);
  return error.exitCode;
}
