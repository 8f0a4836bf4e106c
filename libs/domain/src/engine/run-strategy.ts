import { BacktestConfig } from '../config/backtest-config';
import { ValidationError } from '../errors/domain-error';
import { BarSeries } from '../series/bar-series';
import { ParameterValues } from '../strategies/parameters';
import { computeSignals, eventStrategyOf, StrategyDefinition } from '../strategies/strategy-definition';
import { BacktestResult, EngineKind, RunControl } from './backtest-result';
import { backtestEvent } from './event/backtest-event';
import { alignMarket } from './market-data';
import { backtestVectorized } from './vector/backtest-vectorized';

/**
 * Runs a registered strategy on `series` with either engine; both give the same result. An
 * event-only definition (one with `eventStrategy`) has no vectorized form, so it runs on the event
 * engine whichever is asked; the result's `engine` says which ran.
 */
export function runStrategy(
  config: BacktestConfig,
  series: readonly BarSeries[],
  definition: StrategyDefinition,
  params: ParameterValues,
  engine: EngineKind = 'vector',
  control: RunControl = {},
): BacktestResult {
  const market = alignMarket(series);
  const warmup = definition.warmupBars(params);
  if (market.n <= warmup) {
    throw new ValidationError('bars', `more than ${warmup} bars for ${definition.id}'s warm-up`, String(market.n));
  }
  if (engine === 'event' || definition.eventStrategy) return backtestEvent(config, market, eventStrategyOf(definition, params, market), control);
  return backtestVectorized(config, market, computeSignals(definition, market, params), definition.rebalances === true);
}
