import { ValidationError } from '@nautilus/domain';

/** Metrics a search can maximise (max_drawdown is maximised towards 0). */
export const OBJECTIVE_METRICS = ['sharpe_ratio', 'total_return', 'sortino', 'calmar', 'max_drawdown', 'profit_factor'] as const;
export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];

/** One metric, or a weighted sum of several, e.g. { sharpe_ratio: 0.7, max_drawdown: 0.3 }. */
export type ObjectiveSpec = ObjectiveMetric | Readonly<Partial<Record<ObjectiveMetric, number>>>;

/** The metrics of one segment of one run that objectives read. Fractions, not percent. */
export interface SegmentMetrics {
  readonly totalReturn: number;
  readonly annualizedReturn: number;
  readonly sharpeRatio: number;
  readonly sortinoRatio: number;
  readonly calmarRatio: number;
  /** ≤ 0. */
  readonly maxDrawdown: number;
  readonly profitFactor: number;
  readonly numTrades: number;
  readonly winRate: number;
}

/**
 * The metrics of a segment without bars, such as the out-of-sample part of a search with
 * in_sample_fraction 1: nothing was measured, so every value is NaN and no trade closed in it.
 */
export const NO_SEGMENT: SegmentMetrics = Object.freeze({
  totalReturn: NaN,
  annualizedReturn: NaN,
  sharpeRatio: NaN,
  sortinoRatio: NaN,
  calmarRatio: NaN,
  maxDrawdown: NaN,
  profitFactor: NaN,
  numTrades: 0,
  winRate: NaN,
});

const VALUE: Record<ObjectiveMetric, (m: SegmentMetrics) => number> = {
  sharpe_ratio: (m) => m.sharpeRatio,
  total_return: (m) => m.totalReturn,
  sortino: (m) => m.sortinoRatio,
  calmar: (m) => m.calmarRatio,
  max_drawdown: (m) => m.maxDrawdown,
  profit_factor: (m) => m.profitFactor,
};

/** Returns the scoring function of `spec`; NaN metrics (no trades, flat curve) score −∞ so they never win. */
export function objectiveOf(spec: ObjectiveSpec): (m: SegmentMetrics) => number {
  const weights: [ObjectiveMetric, number][] =
    typeof spec === 'string' ? [[spec, 1]] : (Object.entries(spec) as [ObjectiveMetric, number][]);
  if (weights.length === 0) throw new ValidationError('optimization_target', 'a metric or a non-empty map of weights', '{}');
  for (const [metric, w] of weights) {
    if (!(OBJECTIVE_METRICS as readonly string[]).includes(metric)) throw new ValidationError('optimization_target', `one of ${OBJECTIVE_METRICS.join(', ')}`, String(metric));
    if (typeof w !== 'number' || !Number.isFinite(w)) throw new ValidationError(`optimization_target.${metric}`, 'a finite weight', String(w));
  }
  return (m) => {
    let score = 0;
    for (const [metric, w] of weights) {
      const v = VALUE[metric](m);
      if (Number.isNaN(v)) return -Infinity;
      score += w * (Number.isFinite(v) ? v : Math.sign(v) * 1e6);
    }
    return score;
  };
}
