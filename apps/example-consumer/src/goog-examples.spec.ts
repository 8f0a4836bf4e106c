import { backtest } from '@nautilus/analytics';
import { inferPeriodsPerYear, sliceBarSeries, tradesOf } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { GOOG_CONFIG, IN_SAMPLE_FRACTION, optimizeSmaCrossover, runSmaCrossover, runSmaRules, SMA_PARAMETERS } from './goog-examples';

const goog = loadSharedData('GOOG.csv');

describe('the libraries on their own', () => {
  it("reproduces backtesting.py's SmaCross(10, 30) on GOOG", () => {
    // kernc/backtesting.py backtesting/test/_test.py, TestBacktest.test_compute_stats: 65 closed
    // trades (the last one stays open) and final equity 51,959.95; pinned in libs/analytics/src/golden/backtesting-py.spec.ts.
    const { stats } = runSmaCrossover(goog);
    expect(stats.numTrades).toBe(65);
    expect(stats.equityFinal).toBeCloseTo(51959.95, 6);
  });

  it('runs the rules version of the crossover trade for trade like the built-in', () => {
    const trades = (r: ReturnType<typeof runSmaCrossover>) => tradesOf(r.result.trades, r.result.symbols, r.result.time);
    const builtIn = trades(runSmaCrossover(goog));
    expect(builtIn).toHaveLength(65);
    expect(trades(runSmaRules(goog))).toEqual(builtIn);
  });

  it('finds the set a brute-force loop of backtest() over the same grid finds', () => {
    const search = optimizeSmaCrossover(goog);
    // The search scores the first 70 % of the bars; simulations are causal, so a backtest of those
    // bars alone has the same equity there. Bars per year are fixed to what the search infers from all bars.
    const split = Math.round(goog.length * IN_SAMPLE_FRACTION);
    const inSample = sliceBarSeries(goog, 0, split);
    const config = { ...GOOG_CONFIG, periodsPerYear: inferPeriodsPerYear(goog.time) };
    let best = { fast: NaN, slow: NaN, sharpe: -Infinity };
    let evaluated = 0;
    for (let fast = 5; fast <= 50; fast += 5) {
      for (const slow of [20, 30, 60, 100]) {
        if (fast >= slow) continue;
        evaluated++;
        const { sharpeRatio } = backtest({ series: [inSample], strategyId: 'sma_crossover', parameters: { ...SMA_PARAMETERS, fast, slow }, config }).stats;
        if (sharpeRatio > best.sharpe) best = { fast, slow, sharpe: sharpeRatio };
      }
    }
    expect(search.splitIndex).toBe(split);
    expect(search.evaluated).toBe(evaluated);
    expect(search.best.parameters).toMatchObject({ fast: best.fast, slow: best.slow });
    expect(search.best.inSampleScore).toBeCloseTo(best.sharpe, 12);
  });
});
