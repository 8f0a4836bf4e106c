import { backtest, tradeAccountReturns, walkForward } from '@nautilus/analytics';
import { tradesOf } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { runStudy } from './run-study';

const goog = loadSharedData('GOOG.csv');
const parameters = { fast: 10, slow: 30 };
const config = { initialCapital: 10_000, commission: { rate: 0.002 } };
const { result, stats } = backtest({ series: [goog], strategyId: 'sma_crossover', parameters, config });
const trades = tradesOf(result.trades, result.symbols, result.time);
const run = {
  series: [goog],
  strategyId: 'sma_crossover',
  parameters,
  config,
  time: result.time,
  equity: result.equity,
  tradeReturns: tradeAccountReturns(Float64Array.from(trades, (t) => t.pnl), 10_000),
};
const search = { parameterRanges: { fast: [5, 10, 20], slow: [30, 60] }, target: 'sharpe_ratio', constraints: [], maxGridSize: 1000, maxEvaluations: 1_000_000 };

describe('runStudy', () => {
  it("trade_reshuffle: every path ends at the run's return, and the Sharpe ratio is annualised by the run's trades per year", async () => {
    const { document } = await runStudy({ kind: 'monte_carlo', method: 'trade_reshuffle', nPaths: 200, seed: 1, meanBlockLength: 20, threads: 1 }, run);
    // 2,148 daily bars = 2,147 intervals = 2147/252 years.
    const perYear = trades.length / (2147 / 252);
    expect(document.trades_per_year).toBeCloseTo(perYear, 12);
    const final = document.final_return_pct as { mean: number; std: number };
    expect(final.mean).toBeCloseTo(stats.totalReturnPct, 8);
    const r = run.tradeReturns;
    const m = r.reduce((s, x) => s + x, 0) / r.length;
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - m) ** 2, 0) / (r.length - 1));
    expect((document.sharpe_ratio as { mean: number }).mean).toBeCloseTo((m / sd) * Math.sqrt(perYear), 9);
  });

  it("annualises as the run does: a configured periodsPerYear wins over the one the timestamps imply", async () => {
    const monthly = { ...run, config: { ...config, periodsPerYear: 12 } };
    const { document } = await runStudy({ kind: 'monte_carlo', method: 'trade_reshuffle', nPaths: 10, seed: 1, meanBlockLength: 20, threads: 1 }, monthly);
    // 2,147 bar intervals at 12 a year.
    expect(document.trades_per_year).toBeCloseTo(trades.length / (2147 / 12), 12);
  });

  it.each([
    ['walk_forward', { kind: 'walk_forward', search, trainBars: 500, testBars: 250, anchored: false }],
    ['cross_validation', { kind: 'cross_validation', search, folds: 4, purgeBars: 5, embargoBars: 10 }],
    ['monte_carlo', { kind: 'monte_carlo', method: 'bootstrap', nPaths: 640, nSteps: 50, seed: 1, meanBlockLength: 20, threads: 1 }],
  ] as const)('%s reports the fraction done to the job, from 0 to 1', async (_, study) => {
    const seen: number[] = [];
    await runStudy(study, run, { onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
  });

  it("walk_forward: the document holds the library's choice for every window", async () => {
    const { document } = await runStudy({ kind: 'walk_forward', search, trainBars: 500, testBars: 250, anchored: false }, run);
    const direct = walkForward({ series: [goog], strategyId: 'sma_crossover', baseParameters: parameters, parameterRanges: search.parameterRanges, config }, { trainBars: 500, testBars: 250 });
    const windows = document.windows as { parameters: unknown }[];
    expect(windows.map((w) => w.parameters)).toEqual(direct.steps.map((s) => s.parameters));
  });
});
