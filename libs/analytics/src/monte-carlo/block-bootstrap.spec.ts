import { loadSharedData } from '@nautilus/domain/testing';
import { BOOTSTRAP_BLOCK_PATHS, blockBootstrapStatistics, blockSeed } from './block-bootstrap';

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
