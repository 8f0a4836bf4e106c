/**
 * The README's first command: backtesting.py's SmaCross example (SMA 10/20 crossover, long and
 * short) on the bundled daily GOOG sample with next-bar-open fills, all-in whole-unit sizing and
 * no commission, printed as a stats table.
 */
import { backtest, formatStats } from '@nautilus/analytics';
import { loadSharedData } from '@nautilus/domain/testing';

const goog = loadSharedData('GOOG.csv');
const { stats } = backtest({
  series: [goog],
  strategyId: 'sma_crossover',
  parameters: { fast: 10, slow: 20, allow_short: true },
  config: { initialCapital: 10_000 },
});
console.log(`sma_crossover(fast=10, slow=20, allow_short=true) on GOOG daily: ${goog.length} bars, 10,000 capital, no costs\n`);
console.log(formatStats(stats));
