/**
 * Uses @nautilus/domain and @nautilus/analytics directly, without the service: two backtests of
 * the same SMA crossover (built-in and `rules`) on GOOG daily bars, then a search of fast/slow.
 * Run with `npx tsx apps/example-consumer/src/main.ts`.
 */
import { formatStats } from '@nautilus/analytics';
import { loadSharedData } from '@nautilus/domain/testing';
import { optimizeSmaCrossover, runSmaCrossover, runSmaRules, SMA_RULES } from './goog-examples';

const goog = loadSharedData('GOOG.csv');
console.log(`GOOG daily: ${goog.length} bars, 10,000 of cash, no costs, fills at the next open\n`);

console.log('sma_crossover(fast=10, slow=30, allow_short=true)');
console.log(formatStats(runSmaCrossover(goog).stats));

const rules = runSmaRules(goog).stats;
console.log(`\nrules: entry_long = ${SMA_RULES.entry_long}, entry_short = ${SMA_RULES.entry_short}`);
console.log(`  # Trades ${rules.numTrades}, Equity Final [$] ${rules.equityFinal.toFixed(2)}, Sharpe Ratio ${rules.sharpeRatio.toFixed(5)}: the same strategy, the same numbers`);

const search = optimizeSmaCrossover(goog);
const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
console.log(`\noptimize fast/slow: ${search.evaluated} sets of ${search.gridSize} (${search.skippedByConstraints} with fast ≥ slow skipped), best by in-sample Sharpe`);
console.log(`  best     ${JSON.stringify(search.best.parameters)}`);
console.log(`  in-sample      Sharpe ${search.best.inSampleScore.toFixed(3)}, return ${pct(search.best.inSample.totalReturn)}`);
console.log(`  out-of-sample  Sharpe ${search.best.outOfSampleScore.toFixed(3)}, return ${pct(search.best.outOfSample.totalReturn)}`);
console.log(`  deflated Sharpe ratio ${search.deflatedSharpeRatio.toFixed(3)} (below 0.5: likely overfit)`);
