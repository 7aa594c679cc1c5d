/**
 * @module cli
 * The entry point bin.js loads.
 */
import { runCli } from './run.ts';

process.exitCode = await runCli(process.argv.slice(2));
