import { parseBacktestConfig } from '../config/backtest-config';
import { BacktestResult } from './backtest-result';
import { runStrategy } from './run-strategy';
import { loadSharedData, syntheticRandomWalk } from '../testing';
import { StrategyRegistry } from '../strategies/registry';
import { BarSeries } from '../series/bar-series';
import { backtestEvent } from './event/backtest-event';
import { backtestVectorized } from './vector/backtest-vectorized';
import { alignMarket } from './market-data';
import { computeSignals } from '../strategies/strategy-definition';
import { smaCrossover } from '../strategies/sma-crossover';

const registry = new StrategyRegistry();

function expectSameRun(a: BacktestResult, b: BacktestResult): void {
  expect(b.fills.length).toBe(a.fills.length);
  expect(b.trades.length).toBe(a.trades.length);
  for (let r = 0; r < a.fills.length; r++) {
    expect(b.fills.barIndex[r]).toBe(a.fills.barIndex[r]);
    expect(b.fills.symbolIndex[r]).toBe(a.fills.symbolIndex[r]);
    expect(Math.abs(b.fills.quantity[r] - a.fills.quantity[r])).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(b.fills.price[r] - a.fills.price[r])).toBeLessThanOrEqual(1e-9);
  }
  for (let r = 0; r < a.trades.length; r++) {
    expect(b.trades.entryIndex[r]).toBe(a.trades.entryIndex[r]);
    expect(b.trades.exitIndex[r]).toBe(a.trades.exitIndex[r]);
    expect(Math.abs(b.trades.pnl[r] - a.trades.pnl[r])).toBeLessThanOrEqual(1e-9);
  }
  let worst = 0;
  for (let i = 0; i < a.equity.length; i++) worst = Math.max(worst, Math.abs(a.equity[i] - b.equity[i]));
  expect(worst).toBeLessThanOrEqual(1e-9);
}

const goog = loadSharedData('GOOG.csv');
const orcl = loadSharedData('orcl-1995-2014.txt', 'ORCL');
const nvda = loadSharedData('nvda-1999-2014.txt', 'NVDA');
const walk = syntheticRandomWalk(3000, 7);

const cases: [string, Record<string, unknown>, BarSeries[]][] = [
  ['buy_and_hold', {}, [goog]],
  ['sma_crossover', { fast: 10, slow: 20, allow_short: true }, [goog]],
  ['sma_crossover', { fast: 5, slow: 50 }, [walk]],
  ['mean_reversion', { lookback_period: 20, z_score_threshold: 1.5, allow_short: true }, [goog]],
  ['mean_reversion', { lookback_period: 30, z_score_threshold: 2 }, [walk]],
  ['momentum', { lookback: 60, top_n: 2, rebalance_frequency: 21 }, [goog, orcl, nvda]],
  ['breakout', { channel_length: 20, atr_period: 14, atr_multiplier: 3, allow_short: true }, [goog]],
  ['breakout', { channel_length: 55 }, [walk]],
];

describe('vector and event engines agree', () => {
  const config = parseBacktestConfig({ initialCapital: 10_000, commission: { rate: 0.001, minimum: 1 }, slippageBps: 5 });
  it.each(cases)('%s %j', (id, raw, series) => {
    const def = registry.get(id);
    const params = registry.parameters(id, raw, series.length);
    const vector = runStrategy(config, series, def, params, 'vector');
    const event = runStrategy(config, series, def, params, 'event');
    expect(vector.trades.length).toBeGreaterThan(0);
    expectSameRun(vector, event);
  });

  it('agree with an event strategy written independently of the vector signals', () => {
    // SMA 10/30 crossover computed inside onBar from the visible history only.
    const market = alignMarket([goog]);
    const params = registry.parameters('sma_crossover', { fast: 10, slow: 30, allow_short: true });
    const vector = backtestVectorized(config, market, computeSignals(smaCrossover, market, params));
    const mean = (xs: Float64Array) => xs.reduce((s, x) => s + x, 0) / xs.length;
    let prevDiff = NaN;
    const event = backtestEvent(config, market, {
      onBar: (ctx) => {
        if (ctx.index + 1 < 30) return;
        const diff = mean(ctx.history('close', 10)) - mean(ctx.history('close', 30));
        if (prevDiff <= 0 && diff > 0) ctx.setTarget(0, 1);
        else if (prevDiff >= 0 && diff < 0) ctx.setTarget(0, -1);
        prevDiff = diff;
      },
    });
    // Rolling sums and fresh sums differ in the last bits; a crossing exactly at equality could flip.
    expect(event.trades.length).toBe(vector.trades.length);
    expectSameRun(vector, event);
  });
});

describe('no look-ahead in either engine', () => {
  it('changing bars after t changes nothing up to t', () => {
    const cut = 1000;
    const close = Float64Array.from(goog.close);
    const open = Float64Array.from(goog.open);
    const high = Float64Array.from(goog.high);
    const low = Float64Array.from(goog.low);
    for (let i = cut + 1; i < goog.length; i++) {
      const f = 1 + 0.2 * Math.sin(i);
      close[i] *= f;
      open[i] *= f;
      high[i] *= f;
      low[i] *= f;
    }
    const changed: BarSeries = { ...goog, open, high, low, close };
    const config = parseBacktestConfig({ initialCapital: 10_000, closeAtEnd: false });
    for (const id of ['sma_crossover', 'mean_reversion', 'breakout']) {
      const def = registry.get(id);
      const params = registry.parameters(id, {});
      for (const engine of ['vector', 'event'] as const) {
        const a = runStrategy(config, [goog], def, params, engine);
        const b = runStrategy(config, [changed], def, params, engine);
        expect(Array.from(b.equity.subarray(0, cut + 1))).toEqual(Array.from(a.equity.subarray(0, cut + 1)));
        // Fills up to bar `cut` come from decisions on bars before it, so they are the same too.
        const fillsBefore = (r: BacktestResult) => Array.from(r.fills.barIndex.subarray(0, r.fills.length)).filter((i) => i <= cut).length;
        expect(fillsBefore(b)).toBe(fillsBefore(a));
      }
    }
  });
});
