import { ValidationError } from '../errors/domain-error';
import { StrategyDefinition } from './strategy-definition';

/**
 * How model outputs become positions:
 * - `threshold`: column 0 is a probability of a rise; long above `threshold`, short below
 *   1 − `threshold` (flat instead when `long_only`), flat between.
 * - `sign`: column 0 is a signed score such as an expected return; long above `threshold`, short
 *   below −`threshold` (flat when `long_only`), flat within the band.
 * - `argmax`: one column per class (softmax outputs or logits; both have the same largest class);
 *   two classes are [down, up], three are [down, flat, up].
 */
export type PredictionMode = 'threshold' | 'sign' | 'argmax';

/** Defaults of the prediction strategy's parameters, and the layout of its outputs. */
export interface PredictionOptions {
  readonly threshold?: number;
  readonly long_only?: boolean;
  readonly position_size?: number;
  /** Outputs per bar (k); 1 unless the mode is `argmax`. */
  readonly columns?: number;
  /** The strategy id, so a registry can hold it beside others (default `predictions`). */
  readonly id?: string;
}

/** Returns the number of leading bars whose outputs hold a NaN: the bars a model could not score. */
function leadingNaNRows(outputs: Float64Array, columns: number): number {
  const rows = outputs.length / columns;
  for (let t = 0; t < rows; t++) {
    let complete = true;
    for (let c = 0; c < columns; c++) complete = complete && outputs[t * columns + c] === outputs[t * columns + c];
    if (complete) return t;
  }
  return rows;
}

/**
 * Returns a one-symbol strategy that trades precomputed model outputs: `outputs` is the row-major
 * n × k matrix of the run's bars, row t computed from data up to bar t. The decision on bar t reads
 * row t only, so it fills at bar t+1 through the normal engines, never earlier. A row with a NaN
 * makes no decision (the position is kept). `threshold`, `long_only` and `position_size` become the
 * strategy's parameters, with `options` as their defaults.
 */
export function predictionStrategy(outputs: Float64Array, mode: PredictionMode, options: PredictionOptions = {}): StrategyDefinition {
  const columns = options.columns ?? 1;
  if (mode !== 'threshold' && mode !== 'sign' && mode !== 'argmax') throw new ValidationError('mode', 'threshold, sign or argmax', String(mode));
  if (mode === 'argmax' ? columns !== 2 && columns !== 3 : columns !== 1) {
    throw new ValidationError('columns', mode === 'argmax' ? '2 ([down, up]) or 3 ([down, flat, up]) classes' : `1 output for mode ${mode}`, String(columns));
  }
  if (outputs.length % columns !== 0) throw new ValidationError('predictions', `a length divisible by ${columns} columns`, String(outputs.length));
  const rows = outputs.length / columns;
  const defaultThreshold = options.threshold ?? (mode === 'threshold' ? 0.5 : 0);
  const warmup = leadingNaNRows(outputs, columns);
  return {
    id: options.id ?? 'predictions',
    description: `Trades model outputs by ${mode}: the decision on bar t uses output row t and fills at bar t+1.`,
    parameters: {
      threshold: {
        type: 'number',
        default: defaultThreshold,
        min: 0,
        description: mode === 'threshold' ? 'Probability above which to go long (short below 1 − threshold).' : 'Dead band of the score around zero (unused by argmax).',
      },
      long_only: { type: 'boolean', default: options.long_only ?? false, description: 'Go flat instead of short.' },
      position_size: { type: 'number', default: options.position_size ?? 1, min: 0.0001, max: 1, description: 'Fraction of equity per position.' },
    },
    minSymbols: 1,
    maxSymbols: 1,
    checkConstraints: (p) => {
      const threshold = p.threshold as number;
      if (mode !== 'threshold') return undefined;
      if (threshold >= 1) return { field: 'strategy_parameters.threshold', expected: 'a probability < 1', found: String(threshold) };
      // Below 0.5 the long band (p > threshold) and the short band (p < 1 − threshold) would overlap.
      if (!p.long_only && threshold < 0.5) return { field: 'strategy_parameters.threshold', expected: '≥ 0.5 unless long_only', found: String(threshold) };
      return undefined;
    },
    warmupBars: () => warmup,
    prepare: (market, params) => {
      if (market.n !== rows) throw new ValidationError('predictions', `one output row per bar (${market.n})`, String(rows));
      const size = params.position_size as number;
      const down = params.long_only ? 0 : -size;
      const threshold = params.threshold as number;
      if (mode === 'argmax') {
        const classes = columns === 2 ? [down, size] : [down, 0, size];
        return {
          decide: (i) => {
            let best = 0;
            for (let c = 0; c < columns; c++) {
              const v = outputs[i * columns + c];
              if (v !== v) return NaN;
              if (v > outputs[i * columns + best]) best = c;
            }
            return classes[best];
          },
        };
      }
      const upper = threshold;
      const lower = mode === 'threshold' ? 1 - threshold : -threshold;
      return {
        decide: (i) => {
          const v = outputs[i];
          if (v !== v) return NaN;
          return v > upper ? size : v < lower ? down : 0;
        },
      };
    },
  };
}
