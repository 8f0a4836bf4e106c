/**
 * The README's first command: an SMA 10/20 crossover (long and short, as backtesting.py's SmaCross)
 * on the bundled daily GOOG sample, next-bar-open fills, 0.2 % commission, printed as a stats table.
 */
import { backtest, formatStats } from '@nautilus/analytics';
import { loadSharedData } from '@nautilus/domain/testing';

const goog = loadSharedData('GOOG.csv');
const { stats } = backtest({
  series: [goog],
  strategyId: 'sma_crossover',
  parameters: { fast: 10, slow: 20, allow_short: true },
  config: { initialCapital: 10_000, commission: { rate: 0.002 } },
});
console.log(`sma_crossover(10, 20) long/short on GOOG daily, ${goog.length} bars, 10,000 capital, 0.2 % commission\n`);
console.log(formatStats(stats));
