import { alignMarket } from '../../engine/market-data';
import { atr, crossAbove, ema, rollingMax, rollingMin, rollingStd, rsi, sma, zScore } from '../../kernels/indicators';
import { createBarSeries } from '../../series/bar-series';
import { loadSharedData } from '../../testing';
import { IndicatorCache } from '../strategy-definition';
import { compileRule } from './compile-rule';
import { evaluateRule, ruleInputsOf } from './evaluate-rule';
import { RuleValue } from './series-functions';

const goog = loadSharedData('GOOG.csv');
const orcl = loadSharedData('orcl-1995-2014.txt', 'ORCL');
const market = alignMarket([goog]);
const params = new Map([
  ['period', 14],
  ['k', 3],
]);

function evaluate(source: string, m = market, cache?: IndicatorCache): RuleValue {
  return evaluateRule(compileRule(source, 'strategy_parameters.entry_long', params).expr, ruleInputsOf(m), cache);
}

function series(source: string, m = market): Float64Array {
  const v = evaluate(source, m);
  if (typeof v === 'number') throw new Error(`${source} is a scalar`);
  return v;
}

/** Every value equal, NaN where the kernel gives NaN (toEqual treats NaN as equal to NaN). */
function expectSame(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  expect(Array.from(actual)).toEqual(Array.from(expected));
}

describe('rule expressions equal the indicator kernels value by value (GOOG closes)', () => {
  const { close, high, low } = goog;
  it.each([
    ['rsi(close, period)', () => rsi(close, 14)],
    ['zscore(close, 20)', () => zScore(close, 20)],
    ['sma(close, 10)', () => sma(close, 10)],
    ['ema(close, 10)', () => ema(close, 10)],
    ['stdev(close, 20)', () => rollingStd(close, 20, 0)],
    ['highest(high, 20)', () => rollingMax(high, 20)],
    ['lowest(low, 20)', () => rollingMin(low, 20)],
    ['atr(period)', () => atr(high, low, close, 14)],
    ['shift(close, k)', () => Float64Array.from(close, (_, i) => (i >= 3 ? close[i - 3] : NaN))],
    ['lag(close, 0)', () => close],
    ['volume', () => goog.volume],
  ])('%s', (source, kernel) => {
    expectSame(series(source), kernel());
  });

  it('crossover is crossAbove, with NaN instead of 0 where an input is NaN', () => {
    const fast = sma(close, 10);
    const slow = sma(close, 30);
    const kernel = crossAbove(fast, slow);
    const rule = series('crossover(sma(close, 10), sma(close, 30))');
    for (let i = 0; i < close.length; i++) {
      if (i < 30) expect(rule[i]).toBeNaN();
      else expect(rule[i]).toBe(kernel[i]);
    }
  });

  it('arithmetic, functions and comparisons work element-wise with scalars broadcast', () => {
    const v = series('max(abs(close - open), 0.5) / sqrt(exp(log(close))) >= 0.01');
    for (const i of [0, 100, 2000]) {
      const expected = Math.max(Math.abs(goog.close[i] - goog.open[i]), 0.5) / Math.sqrt(goog.close[i]) >= 0.01 ? 1 : 0;
      expect(v[i]).toBe(expected);
    }
    expect(evaluate('-(period + 1)')).toBe(-15);
    expect(evaluate('min(2, 3) == 2 and 1 != 0')).toBe(1);
  });

  it('indicators of indicators skip the inner warm-up instead of turning into NaN', () => {
    const inner = rsi(goog.close, 14);
    const expected = new Float64Array(inner.length).fill(NaN);
    sma(inner.subarray(14), 5, expected.subarray(14));
    expectSame(series('sma(rsi(close, 14), 5)'), expected);
  });

  it('evaluates each symbol on its own: a two-symbol market gives the one-symbol results stacked', () => {
    const both = alignMarket([goog, orcl]);
    const n = both.n;
    const source = 'crossover(ema(close, 12), sma(close, 26)) + shift(rsi(close, 14), 2) + atr(5) + highest(volume, 3)';
    const stacked = series(source, both);
    expect(stacked.length).toBe(2 * n);
    for (const [s, one] of [both.series[0], both.series[1]].entries()) {
      expectSame(stacked.subarray(s * n, (s + 1) * n), series(source, alignMarket([one])));
    }
  });

  it('shares rolling indicators through the cache without changing results', () => {
    const cache: IndicatorCache = new Map();
    const first = series('sma(close, period) > ema(close, 14)');
    expectSame(evaluate('sma(close, period) > ema(close, 14)', market, cache) as Float64Array, first);
    expect([...cache.keys()].sort()).toEqual(['rules:ema(close,14)', 'rules:sma(close,14)']);
    const cached = cache.get('rules:sma(close,14)');
    evaluate('sma(close, 14) < close', market, cache);
    expect(cache.get('rules:sma(close,14)')).toBe(cached);
  });

  it('NaN (warm-up) is unknown: comparisons, not, and/or keep it, so negations do not fire early', () => {
    const bars = createBarSeries('X', { time: [1, 2, 3, 4], open: [1, 2, 3, 4], high: [1, 2, 3, 4], low: [1, 2, 3, 4], close: [1, 2, 3, 4] });
    const m = alignMarket([bars]);
    expectSame(series('sma(close, 2) > 1', m), Float64Array.from([NaN, 1, 1, 1]));
    expectSame(series('not (sma(close, 2) > 1)', m), Float64Array.from([NaN, 0, 0, 0]));
    expectSame(series('sma(close, 2) != 5', m), Float64Array.from([NaN, 1, 1, 1]));
    expectSame(series('not crossover(close, 2)', m), Float64Array.from([NaN, 1, 0, 1]));
    // Kleene logic: false and unknown = false; true or unknown = true; otherwise unknown.
    expectSame(series('(sma(close, 3) > 0) and (close > 10)', m), Float64Array.from([0, 0, 0, 0]));
    expectSame(series('(sma(close, 3) > 0) or (close > 0)', m), Float64Array.from([1, 1, 1, 1]));
    expectSame(series('(sma(close, 3) > 0) and (close > 0)', m), Float64Array.from([NaN, NaN, 1, 1]));
  });
});
