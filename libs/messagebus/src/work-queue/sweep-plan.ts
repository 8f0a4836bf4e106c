import { candidateSets, createEvaluator, Evaluator, planSearch, SearchPlan } from '@nautilus/analytics';
import { BarSeries, createBarSeries } from '@nautilus/domain';
import { StoredSeries, StoredSweep } from './sweep-contract';

/** A sweep's plan, evaluator and candidate sets: the same in every process that builds it. */
export interface PreparedSweep {
  readonly plan: SearchPlan;
  readonly evaluator: Evaluator;
  readonly sets: readonly Readonly<Record<string, number | boolean>>[];
  readonly skipped: number;
}

/** Returns the bars of `series` as plain arrays for storage. */
export function storedSeriesOf(series: BarSeries): StoredSeries {
  return {
    symbol: series.symbol,
    time: Array.from(series.time),
    open: Array.from(series.open),
    high: Array.from(series.high),
    low: Array.from(series.low),
    close: Array.from(series.close),
    volume: Array.from(series.volume),
  };
}

/**
 * Rebuilds the plan of a stored sweep. Planning is deterministic (grid order, or the seeded
 * random sample), so chunk [from, to) means the same sets on every worker.
 */
export function prepareSweep(stored: StoredSweep): PreparedSweep {
  const series = stored.series.map((s) => createBarSeries(s.symbol, s, { checkRange: false }));
  const plan = planSearch({ ...stored.spec, series });
  const { sets, skipped } = candidateSets(plan);
  return { plan, evaluator: createEvaluator(plan), sets, skipped };
}
