import { backtest, BacktestReport, optimize, OptimizationResult, RangeSpec } from '@nautilus/analytics';
import { BarSeries } from '@nautilus/domain';

/** backtesting.py's SmaCross setup: 10,000 of cash, no costs, next-open fills, the last trade left open. */
export const GOOG_CONFIG = { initialCapital: 10_000, closeAtEnd: false };

/** SMA 10/30, reversing long ↔ short on each cross, as backtesting.py's SmaCross. */
export const SMA_PARAMETERS = { fast: 10, slow: 30, allow_short: true };

/** The same strategy in the `rules` expression language: enter long on a cross up, short on a cross down. */
export const SMA_RULES = {
  entry_long: 'crossover(sma(close, fast), sma(close, slow))',
  entry_short: 'crossunder(sma(close, fast), sma(close, slow))',
  fast: 10,
  slow: 30,
};

/** The search grid: fast 5, 10, … 50 against slow 20, 30, 60, 100 (sma_crossover itself skips fast ≥ slow). */
export const SMA_GRID: Readonly<Record<string, RangeSpec>> = { fast: { min: 5, max: 50, step: 5 }, slow: [20, 30, 60, 100] };

/** Share of the bars the search scores; the rest is its out-of-sample test. */
export const IN_SAMPLE_FRACTION = 0.7;

/** Returns the SMA 10/30 crossover backtest of `goog`. */
export function runSmaCrossover(goog: BarSeries): BacktestReport {
  return backtest({ series: [goog], strategyId: 'sma_crossover', parameters: SMA_PARAMETERS, config: GOOG_CONFIG });
}

/** Returns the backtest of {@link SMA_RULES} on `goog`. */
export function runSmaRules(goog: BarSeries): BacktestReport {
  return backtest({ series: [goog], strategyId: 'rules', parameters: SMA_RULES, config: GOOG_CONFIG });
}

/** Returns the grid search of fast/slow over {@link SMA_GRID}, maximising the in-sample Sharpe ratio. */
export function optimizeSmaCrossover(goog: BarSeries): OptimizationResult {
  return optimize({
    series: [goog],
    strategyId: 'sma_crossover',
    baseParameters: SMA_PARAMETERS,
    parameterRanges: SMA_GRID,
    config: GOOG_CONFIG,
    target: 'sharpe_ratio',
    inSampleFraction: IN_SAMPLE_FRACTION,
  });
}
