import { parseBacktestConfig } from '../../config/backtest-config';
import { BacktestResult } from '../../engine/backtest-result';
import { alignMarket } from '../../engine/market-data';
import { runStrategy } from '../../engine/run-strategy';
import { ValidationError } from '../../errors/domain-error';
import { FillColumns, TradeColumns } from '../../kernels/ledger';
import { BarSeries, createBarSeries } from '../../series/bar-series';
import { loadSharedData, syntheticRandomWalk } from '../../testing';
import { StrategyRegistry } from '../registry';
import { computeSignals } from '../strategy-definition';
import { rulesStrategy } from './rules-strategy';

const registry = new StrategyRegistry();
const goog = loadSharedData('GOOG.csv');
const SMA_CROSS = {
  entry_long: 'crossover(sma(close, fast), sma(close, slow))',
  exit_long: 'crossunder(sma(close, fast), sma(close, slow))',
  fast: 10,
  slow: 30,
};

const columns = (c: FillColumns | TradeColumns) =>
  Object.fromEntries(Object.entries(c).map(([name, v]) => [name, typeof v === 'number' ? v : Array.from((v as Float64Array).subarray(0, c.length))]));

/** Exact equality of fills, trades and equity (no tolerance: the same kernels run on the same data). */
function expectIdentical(a: BacktestResult, b: BacktestResult): void {
  expect(columns(a.fills)).toEqual(columns(b.fills));
  expect(columns(a.trades)).toEqual(columns(b.trades));
  expect(Array.from(a.equity)).toEqual(Array.from(b.equity));
  expect(Array.from(a.cash)).toEqual(Array.from(b.cash));
}

function rejection(raw: unknown): ValidationError {
  try {
    registry.parameters('rules', raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error(`${JSON.stringify(raw)} was accepted`);
}

describe('rules strategy', () => {
  const config = parseBacktestConfig({ initialCapital: 10_000, commission: { rate: 0.001, minimum: 1 }, slippageBps: 5 });

  it.each(['vector', 'event'] as const)('SMA 10/30 cross rules trade exactly as sma_crossover on GOOG (%s engine)', (engine) => {
    const rules = runStrategy(config, [goog], rulesStrategy, registry.parameters('rules', SMA_CROSS), engine);
    const builtIn = runStrategy(config, [goog], registry.get('sma_crossover'), registry.parameters('sma_crossover', { fast: 10, slow: 30 }), engine);
    expect(rules.trades.length).toBeGreaterThan(20);
    expectIdentical(rules, builtIn);
  });

  it.each(['vector', 'event'] as const)('entry_long/entry_short crosses reverse exactly as sma_crossover with allow_short (%s engine)', (engine) => {
    const raw = { entry_long: SMA_CROSS.entry_long, entry_short: 'crossunder(sma(close, fast), sma(close, slow))', fast: 10, slow: 20 };
    const rules = runStrategy(config, [goog], rulesStrategy, registry.parameters('rules', raw), engine);
    const builtIn = runStrategy(config, [goog], registry.get('sma_crossover'), registry.parameters('sma_crossover', { fast: 10, slow: 20, allow_short: true }), engine);
    expectIdentical(rules, builtIn);
  });

  it('vector and event engines agree on a rule mixing indicators, on several symbols', () => {
    const walks = [syntheticRandomWalk(1500, 3), syntheticRandomWalk(1500, 4)].map((s, i) => ({ ...s, symbol: `W${i}` }));
    const params = registry.parameters('rules', {
      entry_long: 'rsi(close, 14) < lower and close > lowest(low, 20)',
      exit_long: 'rsi(close, 14) > 55 or close < shift(close, 1) - 2 * atr(14)',
      entry_short: 'zscore(close, 20) > 2',
      exit_short: 'zscore(close, 20) < 0',
      lower: 35,
      position_size: 0.5,
    });
    const vector = runStrategy(config, walks, rulesStrategy, params, 'vector');
    const event = runStrategy(config, walks, rulesStrategy, params, 'event');
    expect(vector.trades.length).toBeGreaterThan(10);
    expect(columns(event.trades)).toEqual(columns(vector.trades));
    let worst = 0;
    for (let i = 0; i < vector.equity.length; i++) worst = Math.max(worst, Math.abs(vector.equity[i] - event.equity[i]));
    expect(worst).toBeLessThanOrEqual(1e-9);
  });

  it('decides with the documented state machine', () => {
    // close:            1  2  3  4  5  6  7  8
    // close > 3 (entry_long) from bar 3; close == 6 (entry_short) on bar 5; close > 7 exits short.
    const bars = createBarSeries('X', { time: [1, 2, 3, 4, 5, 6, 7, 8], open: [1, 2, 3, 4, 5, 6, 7, 8], high: [1, 2, 3, 4, 5, 6, 7, 8], low: [1, 2, 3, 4, 5, 6, 7, 8], close: [1, 2, 3, 4, 5, 6, 7, 8] });
    const market = alignMarket([bars]);
    const targets = (raw: Record<string, unknown>) => Array.from(computeSignals(rulesStrategy, market, registry.parameters('rules', raw)));
    // Entry once (no resizing while long), reversal by entry_short even though entry_long also held the bar before.
    expect(targets({ entry_long: 'close > 3 and close != 6', entry_short: 'close == 6', exit_short: 'close > 7', position_size: 0.5 })).toEqual([NaN, NaN, NaN, 0.5, NaN, -0.5, 0.5, NaN]);
    // Both entries on bar 1 cancel, so the short is only exited there; exit_long acts only when long.
    expect(targets({ entry_long: 'close >= 2', entry_short: 'close <= 2', exit_long: 'close == 4', exit_short: '1' })).toEqual([-1, 0, 1, 0, 1, NaN, NaN, NaN]);
    // A long-only rule never goes short.
    expect(targets({ entry_long: 'close == 2', exit_long: 'close == 3' })).toEqual([NaN, 1, 0, NaN, NaN, NaN, NaN, NaN]);
  });

  it('warm-up is the longest leading NaN stretch among the rules', () => {
    expect(rulesStrategy.warmupBars(registry.parameters('rules', SMA_CROSS))).toBe(registry.get('sma_crossover').warmupBars(registry.parameters('sma_crossover', { fast: 10, slow: 30 })));
    expect(rulesStrategy.warmupBars(registry.parameters('rules', { entry_long: 'close > 0', exit_long: 'rsi(close, 14) > 70', entry_short: 'shift(close, 50) > close' }))).toBe(50);
    expect(() => runStrategy(config, [{ ...goog, length: 40, ...sliced(goog, 40) }], rulesStrategy, registry.parameters('rules', { entry_long: 'shift(close, 40) > 0' }))).toThrow(/more than 40 bars/);
  });

  it('does not look ahead: changing bars after t leaves every decision up to t unchanged', () => {
    const cut = 1200;
    const scale = (col: Float64Array) => col.map((v, i) => (i > cut ? v * (1 + 0.3 * Math.sin(i)) : v));
    const changed: BarSeries = { ...goog, open: scale(goog.open), high: scale(goog.high), low: scale(goog.low), close: scale(goog.close), volume: goog.volume.map((v, i) => (i > cut ? v * 7 : v)) };
    const params = registry.parameters('rules', {
      entry_long: 'crossover(ema(close, 12), sma(close, 26)) or (rsi(close, 14) < 30 and volume > sma(volume, 20))',
      exit_long: 'close < lowest(low, 10) + atr(14) * 0 or crossunder(zscore(close, 20), -1)',
      entry_short: 'close < shift(highest(high, 50), 1) - 3 * stdev(close, 20)',
      exit_short: 'max(close, open) > lag(close, 5) * 1.05',
    });
    const before = computeSignals(rulesStrategy, alignMarket([goog]), params);
    const after = computeSignals(rulesStrategy, alignMarket([changed]), params);
    expect(Array.from(after.subarray(0, cut + 1))).toEqual(Array.from(before.subarray(0, cut + 1)));
    expect(Array.from(after.subarray(cut + 1))).not.toEqual(Array.from(before.subarray(cut + 1)));
  });

  describe('parameter validation (400-style errors naming the field)', () => {
    it('accepts rules with user parameters, defaulting position_size', () => {
      expect(registry.parameters('rules', SMA_CROSS, 1)).toEqual({ ...SMA_CROSS, position_size: 1 });
      expect(registry.parameters('rules', { entry_short: 'close > 1', exit_short: null })).toEqual({ entry_short: 'close > 1', position_size: 1 });
      expect(Object.isFrozen(registry.parameters('rules', SMA_CROSS))).toBe(true);
    });

    it.each([
      [{}, 'strategy_parameters.entry_long', /entry_long or entry_short/],
      [{ exit_long: 'close > 1' }, 'strategy_parameters.entry_long', /found neither/],
      [[], 'strategy_parameters', /an object of parameters/],
      [{ entry_long: 5 }, 'strategy_parameters.entry_long', /a rule expression \(a string\)/],
      [{ entry_long: 'close > 1', position_size: 2 }, 'strategy_parameters.position_size', /≤ 1/],
      [{ entry_long: 'close > 1', fast: '10' }, 'strategy_parameters.fast', /a finite number/],
      [{ entry_long: 'close > 1', flag: true }, 'strategy_parameters.flag', /a finite number/],
      [{ entry_long: 'close > 1', close: 3 }, 'strategy_parameters.close', /reserved word/],
      [{ entry_long: 'close > 1', sma: 3 }, 'strategy_parameters.sma', /reserved word/],
      [{ entry_long: 'close > 1', __proto__x: 3 }, 'strategy_parameters.__proto__x', /named by a letter/],
      [{ entry_long: 'close > 1', entry_lng: 'close < 1' }, 'strategy_parameters.entry_lng', /a finite number \(a user parameter; rules are entry_long/],
      [{ entry_long: 'close > 1', exit_long: 'close < foo' }, 'strategy_parameters.exit_long', /unknown identifier 'foo' at char 9/],
      [{ entry_short: 'sma(close, fast) > close', fast: 2.5 }, 'strategy_parameters.entry_short', /found 2.5 \('fast'\)/],
      [{ entry_long: 'shift(close, -1) > close' }, 'strategy_parameters.entry_long', /negative shift/],
      [{ entry_long: 'x'.repeat(501) }, 'strategy_parameters.entry_long', /at most 500 characters/],
    ])('rejects %j on %s', (raw, field, message) => {
      const e = rejection(raw);
      expect(e.field).toBe(field);
      expect(e.message).toMatch(message);
    });
  });
});

function sliced(s: BarSeries, n: number): Pick<BarSeries, 'time' | 'open' | 'high' | 'low' | 'close' | 'volume'> {
  return { time: s.time.subarray(0, n), open: s.open.subarray(0, n), high: s.high.subarray(0, n), low: s.low.subarray(0, n), close: s.close.subarray(0, n), volume: s.volume.subarray(0, n) };
}
