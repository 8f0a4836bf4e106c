import { CliInputError } from './cli-error';

/** How a flag takes its values: none (a switch), exactly one, or every token up to the next flag. */
export type FlagArity = 'switch' | 'value' | 'list';

/** One flag of a command. */
export interface FlagSpec {
  readonly arity: FlagArity;
  /** Placeholder of the value in the help text, e.g. `<file.csv>`. */
  readonly value?: string;
  readonly help: string;
}

/** The flags of one command, by name without the dashes. */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** Flags as given: the values of each flag present (none for a switch). */
export class Flags {
  constructor(private readonly values: ReadonlyMap<string, readonly string[]>) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** Returns the value of a one-value flag, or undefined when it is absent. */
  value(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  /** Returns the values of a list flag (empty when absent). */
  list(name: string): readonly string[] {
    return this.values.get(name) ?? [];
  }

  /** Returns the value of a flag the command needs; throws {@link CliInputError} naming it when absent. */
  required(name: string, what: string): string {
    const v = this.value(name);
    if (v === undefined) throw new CliInputError(`--${name}`, `required: ${what}`);
    return v;
  }

  /** Returns a numeric flag, or undefined when absent; throws naming the flag when it is not a finite number. */
  number(name: string): number | undefined {
    const raw = this.value(name);
    if (raw === undefined) return undefined;
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) throw new CliInputError(`--${name}`, `expected a number, found '${raw}'`);
    return v;
  }

  /** Returns an integer flag, or undefined when absent; throws naming the flag when it is not an integer. */
  integer(name: string): number | undefined {
    const v = this.number(name);
    if (v !== undefined && !Number.isInteger(v)) throw new CliInputError(`--${name}`, `expected an integer, found ${v}`);
    return v;
  }
}

/**
 * Returns the flags of `argv` checked against `specs`. Accepts `--name value`, `--name=value`,
 * switches without a value, and list flags that take every token up to the next flag
 * (`--grid fast=5:50:5 slow=20,30`; repeating a list flag appends). Throws {@link CliInputError}
 * naming the flag on an unknown flag, a missing value, a repeated one-value flag or a stray argument.
 */
export function parseFlags(argv: readonly string[], specs: FlagSpecs): Flags {
  const values = new Map<string, string[]>();
  const known = Object.keys(specs)
    .map((name) => `--${name}`)
    .join(', ');
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--')) throw new CliInputError(token, `unexpected argument (flags are ${known})`);
    const eq = token.indexOf('=');
    const name = token.slice(2, eq < 0 ? undefined : eq);
    const spec = specs[name];
    if (!spec) throw new CliInputError(`--${name}`, `unknown flag (this command takes ${known})`);
    const given: string[] = eq < 0 ? [] : [token.slice(eq + 1)];
    if (spec.arity === 'switch') {
      if (given.length > 0) throw new CliInputError(`--${name}`, 'a switch takes no value');
    } else if (spec.arity === 'value') {
      if (given.length === 0 && i + 1 < argv.length && !argv[i + 1].startsWith('--')) given.push(argv[++i]);
      if (given.length === 0) throw new CliInputError(`--${name}`, `expected a value ${spec.value ?? ''}`.trimEnd());
      if (values.has(name)) throw new CliInputError(`--${name}`, 'given twice');
    } else {
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) given.push(argv[++i]);
      if (given.length === 0) throw new CliInputError(`--${name}`, `expected at least one value ${spec.value ?? ''}`.trimEnd());
    }
    values.set(name, [...(values.get(name) ?? []), ...given]);
  }
  return new Flags(values);
}

/** Returns the help lines of `specs`, one flag per line. */
export function formatFlagHelp(specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => [`--${name}${spec.value ? ` ${spec.value}` : ''}`, spec.help]);
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return rows.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`).join('\n');
}
