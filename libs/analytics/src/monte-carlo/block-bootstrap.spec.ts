import { loadSharedData } from '@nautilus/domain/testing';
import { BOOTSTRAP_BLOCK_PATHS, blockBootstrapStatistics, blockSeed, simulateBlocks } from './block-bootstrap';
import { concatPathStatistics } from './path-statistics';

const goog = loadSharedData('GOOG.csv').close;
const returns = new Float64Array(goog.length - 1).map((_, i) => goog[i + 1] / goog[i] - 1);

describe('blockBootstrapStatistics', () => {
  const nPaths = 1000;
  const nSteps = 252;
  const whole = blockBootstrapStatistics(returns, nPaths, nSteps, 7, 252);

  it('gives the same numbers for any split of its blocks', () => {
    const blocks = Math.ceil(nPaths / BOOTSTRAP_BLOCK_PATHS);
    const a = blockBootstrapStatistics(returns, nPaths, nSteps, 7, 252, 0, 5);
    const b = blockBootstrapStatistics(returns, nPaths, nSteps, 7, 252, 5, blocks);
    expect(a.finalReturn.length + b.finalReturn.length).toBe(nPaths);
    const joined = Float64Array.from([...a.maxDrawdown, ...b.maxDrawdown]);
    expect(joined).toEqual(whole.maxDrawdown);
    expect(Float64Array.from([...a.sharpe, ...b.sharpe])).toEqual(whole.sharpe);
  });

  it('is reproducible by seed and differs between seeds and blocks', () => {
    expect(blockBootstrapStatistics(returns, nPaths, nSteps, 7, 252).finalReturn).toEqual(whole.finalReturn);
    expect(blockBootstrapStatistics(returns, nPaths, nSteps, 8, 252).finalReturn).not.toEqual(whole.finalReturn);
    expect(new Set([blockSeed(7, 0), blockSeed(7, 1), blockSeed(8, 0)]).size).toBe(3);
  });

  it('has the mean final return of independent draws: E[Π(1 + r)] − 1 = (1 + mean r)^n − 1', () => {
    const many = blockBootstrapStatistics(returns, 20_000, nSteps, 3, 252).finalReturn;
    const mean = many.reduce((s, x) => s + x, 0) / many.length;
    const sd = Math.sqrt(many.reduce((s, x) => s + (x - mean) ** 2, 0) / (many.length - 1));
    const m = returns.reduce((s, x) => s + x, 0) / returns.length;
    // Within four standard errors of the exact expectation.
    expect(Math.abs(mean - ((1 + m) ** nSteps - 1))).toBeLessThan((4 * sd) / Math.sqrt(many.length));
    for (const dd of whole.maxDrawdown) expect(dd).toBeLessThanOrEqual(0);
  });
});

describe('simulateBlocks', () => {
  const nPaths = 300;
  const nSteps = 40;
  const trades = Float64Array.from({ length: nSteps }, (_, i) => ((i * 37) % 11) / 100 - 0.05);
  const methods = ['bootstrap', 'block_bootstrap', 'trade_reshuffle', 'gbm'] as const;

  it.each(methods)('%s: blocks [0, a) and [a, b) drawn apart and joined equal [0, b), equity included', (method) => {
    const plan = { method, source: method === 'trade_reshuffle' ? trades : returns, nPaths, nSteps, seed: 5, periodsPerYear: 252, meanBlockLength: 4 };
    // b = 4 of 5 blocks: the last block (44 paths) is left unwritten in both.
    const whole = new Float64Array(nPaths * nSteps);
    const split = new Float64Array(nPaths * nSteps);
    const w = simulateBlocks(plan, 0, 4, whole);
    const a = simulateBlocks(plan, 0, 1, split);
    const b = simulateBlocks(plan, 1, 4, split);
    expect(w.finalReturn).toHaveLength(4 * BOOTSTRAP_BLOCK_PATHS);
    expect(concatPathStatistics([a, b])).toEqual(w);
    expect(split).toEqual(whole);
    // The last equity row is the compounded path, the same product as finalReturn.
    for (let p = 0; p < w.finalReturn.length; p++) expect(whole[(nSteps - 1) * nPaths + p]).toBe(w.finalReturn[p] + 1);
    for (let p = w.finalReturn.length; p < nPaths; p++) expect(whole[p]).toBe(0);
  });

  it('is what blockBootstrapStatistics returns for method bootstrap', () => {
    const plan = { method: 'bootstrap' as const, source: returns, nPaths, nSteps, seed: 5, periodsPerYear: 252, meanBlockLength: 1 };
    expect(simulateBlocks(plan)).toEqual(blockBootstrapStatistics(returns, nPaths, nSteps, 5, 252));
  });
});
