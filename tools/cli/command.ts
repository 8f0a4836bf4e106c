import { Flags, FlagSpecs } from './args';
import { ProgressStream } from './progress';

/** The process around a command: its output streams, environment and working directory. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** One subcommand of `nautilus-backtest`. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly flags: FlagSpecs;
  /** The flag a library input error names when its field maps to no flag (the data flag, usually). */
  readonly fallbackFlag: (flags: Flags) => string;
  run(flags: Flags, io: CliIo): Promise<void>;
}
