/**
 * `nautilus-backtest`: backtests, parameter searches, walk-forward analyses, data validation and
 * imports from the command line, on the same libraries as the service (docs/cli.md). Exit codes:
 * 0 done, 2 bad input (the message names the flag), 1 anything unexpected.
 */
import { formatFlagHelp, parseFlags } from './args';
import { CliInputError, inputErrorOf } from './cli-error';
import { CliIo, Command } from './command';
import { importDataCommand } from './commands/import-data';
import { optimizeCommand } from './commands/optimize';
import { reportCommand, runCommand } from './commands/run';
import { validateDataCommand } from './commands/validate-data';
import { walkForwardCommand } from './commands/walk-forward';

const COMMANDS: readonly Command[] = [runCommand, optimizeCommand, walkForwardCommand, validateDataCommand, reportCommand, importDataCommand];

/** Exit codes. */
export const EXIT_OK = 0;
export const EXIT_UNEXPECTED = 1;
export const EXIT_BAD_INPUT = 2;

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'usage: nautilus-backtest <command> [flags]   (nautilus-backtest <command> --help for its flags)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'exit codes: 0 done, 2 bad input (the message names the flag), 1 unexpected error',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return `usage: nautilus-backtest ${command.name} [flags]\n\n${command.summary}\n\n${formatFlagHelp(command.flags)}\n`;
}

/** Runs the command line `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(usage());
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`error: unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
    return EXIT_BAD_INPUT;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(commandHelp(command));
    return EXIT_OK;
  }
  let fallbackFlag = 'input';
  try {
    const flags = parseFlags(rest, command.flags);
    fallbackFlag = command.fallbackFlag(flags);
    await command.run(flags, io);
    return EXIT_OK;
  } catch (error) {
    const input = error instanceof CliInputError ? error : inputErrorOf(error, fallbackFlag);
    if (input) {
      io.stderr.write(`error: ${input.message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr.write(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_UNEXPECTED;
  }
}
