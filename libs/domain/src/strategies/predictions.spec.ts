import { parseBacktestConfig } from '../config/backtest-config';
import { alignMarket } from '../engine/market-data';
import { runStrategy } from '../engine/run-strategy';
import { createBarSeries } from '../series/bar-series';
import { syntheticRandomWalk } from '../testing';
import { predictionStrategy } from './predictions';
import { StrategyRegistry } from './registry';
import { computeSignals } from './strategy-definition';

const flatSeries = (n: number) => {
  const time = Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, 1) + i * 86_400_000);
  const open = Array.from({ length: n }, (_, i) => 100 + i);
  return createBarSeries('X', { time, open, high: open.map((p) => p + 1), low: open.map((p) => p - 1), close: open });
};

const signalsOf = (outputs: number[], mode: 'threshold' | 'sign' | 'argmax', options: Parameters<typeof predictionStrategy>[2] = {}, raw: unknown = {}) => {
  const columns = options.columns ?? 1;
  const definition = predictionStrategy(Float64Array.from(outputs), mode, options);
  const registry = new StrategyRegistry([definition]);
  const params = registry.parameters(definition.id, raw, 1);
  return Array.from(computeSignals(definition, alignMarket([flatSeries(outputs.length / columns)]), params));
};

describe('predictionStrategy', () => {
  it('threshold: long above p, short below 1 − p, flat between; NaN makes no decision', () => {
    expect(signalsOf([NaN, 0.7, 0.5, 0.2, 0.61, NaN], 'threshold', { threshold: 0.6 })).toEqual([NaN, 1, 0, -1, 1, NaN]);
    expect(signalsOf([0.7, 0.2], 'threshold', { threshold: 0.6, long_only: true, position_size: 0.5 })).toEqual([0.5, 0]);
    // Parameters override the defaults given at construction.
    expect(signalsOf([0.7, 0.2], 'threshold', { threshold: 0.6 }, { threshold: 0.75 })).toEqual([0, -1]);
  });

  it('sign: the sign of the score outside a dead band', () => {
    expect(signalsOf([0.02, -0.01, 0, 0.004], 'sign')).toEqual([1, -1, 0, 1]);
    expect(signalsOf([0.02, -0.01, 0, 0.004], 'sign', { threshold: 0.005, long_only: true })).toEqual([1, 0, 0, 0]);
  });

  it('argmax: two classes are [down, up], three are [down, flat, up]', () => {
    expect(signalsOf([0.9, 0.1, 0.2, 0.8], 'argmax', { columns: 2 })).toEqual([-1, 1]);
    expect(signalsOf([0.2, 0.5, 0.3, 0.1, 0.2, 0.7, 0.6, 0.3, 0.1, NaN, 0.5, 0.5], 'argmax', { columns: 3 })).toEqual([0, 1, -1, NaN]);
  });

  it('validates its layout and thresholds where they are given', () => {
    expect(() => predictionStrategy(new Float64Array(4), 'argmax')).toThrow(/columns/);
    expect(() => predictionStrategy(new Float64Array(5), 'argmax', { columns: 2 })).toThrow(/predictions/);
    expect(() => predictionStrategy(new Float64Array(4), 'sign', { columns: 2 })).toThrow(/columns/);
    expect(() => predictionStrategy(new Float64Array(4), 'softmax' as never)).toThrow(/mode/);
    const definition = predictionStrategy(new Float64Array(4), 'threshold');
    const registry = new StrategyRegistry([definition]);
    expect(() => registry.parameters('predictions', { threshold: 0.3 })).toThrow(/strategy_parameters\.threshold: expected ≥ 0.5 unless long_only/);
    expect(registry.parameters('predictions', { threshold: 0.3, long_only: true }).threshold).toBe(0.3);
    expect(() => registry.parameters('predictions', { threshold: 1 })).toThrow(/strategy_parameters\.threshold/);
    expect(() => computeSignals(definition, alignMarket([flatSeries(5)]), registry.parameters('predictions', {}))).toThrow(/predictions: expected one output row per bar \(5\)/);
  });

  it('counts leading NaN rows as its warm-up', () => {
    expect(predictionStrategy(Float64Array.from([NaN, NaN, 0.3, NaN]), 'threshold').warmupBars({})).toBe(2);
  });

  it('fills the decision of bar t at bar t+1 on both engines, which agree', () => {
    const series = syntheticRandomWalk(300, 7);
    const outputs = new Float64Array(300).map((_, t) => (t < 20 ? NaN : 0.5 + 0.4 * Math.sin(t / 9)));
    const definition = predictionStrategy(outputs, 'threshold', { threshold: 0.6 });
    const params = new StrategyRegistry([definition]).parameters('predictions', {}, 1);
    const config = parseBacktestConfig({ initialCapital: 100_000, lotSize: 0 });
    const vector = runStrategy(config, [series], definition, params, 'vector');
    const event = runStrategy(config, [series], definition, params, 'event');
    expect(Array.from(event.equity)).toEqual(Array.from(vector.equity));
    const target = computeSignals(definition, alignMarket([series]), params);
    let last = NaN;
    const expectedFillBars: number[] = [];
    for (let t = 0; t < 299; t++) {
      if (target[t] === target[t] && target[t] !== last) {
        expectedFillBars.push(t + 1);
        last = target[t];
      }
    }
    const fillBars = Array.from(vector.fills.barIndex.subarray(0, vector.fills.length)).filter((b) => b < 299);
    // A reversal trades twice on the same bar (close, then open the other side).
    expect([...new Set(fillBars)]).toEqual(expectedFillBars);
  });

  it('does not look ahead: changing outputs after t leaves decisions and fills up to t+1 unchanged', () => {
    const series = syntheticRandomWalk(200, 3);
    const outputs = new Float64Array(200).map((_, t) => 0.5 + 0.3 * Math.cos(t / 5));
    const t = 120;
    const changed = Float64Array.from(outputs);
    for (let i = t + 1; i < changed.length; i++) changed[i] = 1 - changed[i];
    const config = parseBacktestConfig({ initialCapital: 100_000, lotSize: 0 });
    const run = (o: Float64Array) => {
      const d = predictionStrategy(o, 'threshold', { threshold: 0.55 });
      return runStrategy(config, [series], d, new StrategyRegistry([d]).parameters('predictions', {}, 1), 'vector');
    };
    const a = run(outputs);
    const b = run(changed);
    expect(Array.from(b.equity.subarray(0, t + 2))).toEqual(Array.from(a.equity.subarray(0, t + 2)));
    expect(Array.from(b.equity.subarray(t + 2))).not.toEqual(Array.from(a.equity.subarray(t + 2)));
  });
});
