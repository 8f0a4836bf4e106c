import { DomainError } from '@nautilus/domain';

/** Bad command-line input: the CLI exits with code 2 and a message that starts with the flag. */
export class CliInputError extends Error {
  constructor(
    readonly flag: string,
    detail: string,
  ) {
    super(`${flag}: ${detail}`);
    this.name = 'CliInputError';
  }
}

/** Error codes of library errors caused by the input rather than by a fault. */
const INPUT_ERROR_CODES = new Set(['validation_failed', 'not_found', 'insufficient_data']);

/** The flag that sets each library field, keyed by the field's first segment. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  strategy_id: '--strategy',
  strategy_parameters: '--params',
  parameter_ranges: '--grid',
  constraints: '--constraint',
  optimization_target: '--target',
  method: '--method',
  max_iterations: '--max-iterations',
  in_sample_fraction: '--in-sample',
  train_bars: '--train',
  test_bars: '--test',
  step_bars: '--step',
  initialCapital: '--cash',
  commission: '--commission',
  slippageBps: '--slippage-bps',
  min_coverage_pct: '--min-coverage',
  frequency: '--frequency',
};

/**
 * Returns `error` as bad input of the flag that set its field (`fallback` when no flag maps to it,
 * e.g. the data flag for a warm-up longer than the bars), or undefined when it is not an input error.
 */
export function inputErrorOf(error: unknown, fallback: string): CliInputError | undefined {
  if (!(error instanceof DomainError) || !INPUT_ERROR_CODES.has(error.code)) return undefined;
  const head = (error.field ?? '').split(/[.[]/)[0];
  return new CliInputError(FLAG_OF_FIELD[head] ?? fallback, error.message);
}
