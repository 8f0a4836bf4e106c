import { alignMarket } from '../engine/market-data';
import { createBarSeries } from '../series/bar-series';
import { loadSharedData, syntheticRandomWalk } from '../testing';
import { StrategyRegistry } from './registry';
import { computeSignals, Decider, decisionsOf } from './strategy-definition';

const registry = new StrategyRegistry();
const goog = loadSharedData('GOOG.csv');
const walkA = syntheticRandomWalk(1500, 3, { symbol: 'A' });
const walkB = syntheticRandomWalk(1500, 4, { symbol: 'B' });

/** The reference: `decide` called for every bar, then symbol, as both engines call it. */
function decideLoop(d: Decider, n: number, k: number): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let s = 0; s < k; s++) out[s * n + i] = d.decide(i, s);
  return out;
}

const cases: [string, Record<string, unknown>][] = [
  ['sma_crossover', { fast: 10, slow: 20 }],
  ['sma_crossover', { fast: 3, slow: 50, allow_short: true, position_size: 0.5 }],
  ['mean_reversion', { lookback_period: 20, z_score_threshold: 1.5, exit_z_score: 0.2 }],
  ['mean_reversion', { lookback_period: 7, z_score_threshold: 1, allow_short: true }],
];

describe('decisions: the one-loop signal pass', () => {
  it.each(cases)('%s %j lists exactly what decide() decides, and computeSignals writes it, NaN for NaN, on one and on two symbols', (id, raw) => {
    for (const series of [[goog], [walkA, walkB]]) {
      const market = alignMarket(series);
      const params = registry.parameters(id, raw, market.k);
      const definition = registry.get(id);
      expect(definition.prepare(market, params).decisions).toBeDefined();
      const filled = computeSignals(definition, market, params, new Float64Array(market.n * market.k).fill(123));
      const expected = decideLoop(definition.prepare(market, params), market.n, market.k);
      expect(Array.from(filled)).toEqual(Array.from(expected));
      // The same with the lists gathered in scratch that holds another run's leftovers.
      const scratch = { bars: new Int32Array(market.n).fill(7), targets: new Float64Array(market.n).fill(0.5) };
      expect(Array.from(computeSignals(definition, market, params, undefined, undefined, scratch))).toEqual(Array.from(expected));
      // The case is not vacuous: the strategy trades on these bars.
      expect(expected.some((t) => t === t)).toBe(true);
      // The sparse form: every finite target of each symbol's column, with its bar, in order.
      for (let s = 0; s < market.k; s++) {
        const bars = new Int32Array(market.n);
        const targets = new Float64Array(market.n);
        const count = definition.prepare(market, params).decisions?.(s, bars, targets) ?? -1;
        const column = Array.from(expected.subarray(s * market.n, (s + 1) * market.n));
        const finite = column.flatMap((t, i) => (t === t ? [[i, t]] : []));
        expect(count).toBe(finite.length);
        expect(Array.from(bars.subarray(0, count), (b, j) => [b, targets[j]])).toEqual(finite);
      }
    }
  });
});

describe('decisions on ties and gaps', () => {
  // Closes flat at 100, then a ramp up, flat again, a ramp down, flat: on the flat stretches both
  // SMAs are exactly 100 (the "equal" side) and the z-score's deviation is 0 (z is NaN or ±∞), and
  // crosses start from or end on a tie.
  const closes = Array.from({ length: 400 }, (_, i) => (i < 60 ? 100 : i < 120 ? 100 + (i - 60) : i < 200 ? 160 : i < 260 ? 160 - (i - 200) : 100));
  const market = alignMarket([createBarSeries('FLAT', { time: closes.map((_, i) => i * 86_400_000), open: closes, high: closes, low: closes, close: closes })]);
  // A gap in a falling stretch: NaN closes make the indicators NaN from there on, so nothing may fire after it.
  const gapped = { ...market, close: Float64Array.from(market.close, (c, i) => (i >= 210 && i < 213 ? NaN : c)) };

  it.each([
    ['sma_crossover', { fast: 5, slow: 20 }],
    ['sma_crossover', { fast: 2, slow: 3, allow_short: true }],
    ['mean_reversion', { lookback_period: 10, z_score_threshold: 1 }],
    ['mean_reversion', { lookback_period: 4, z_score_threshold: 0.5, exit_z_score: 0.2, allow_short: true }],
  ])('%s %j decides as decide() does', (id, raw) => {
    const definition = registry.get(id);
    for (const m of [market, gapped]) {
      const params = registry.parameters(id, raw, 1);
      const dense = decideLoop(definition.prepare(m, params), m.n, 1);
      const finite = Array.from(dense).flatMap((t, i) => (t === t ? [[i, t]] : []));
      const bars = new Int32Array(m.n);
      const targets = new Float64Array(m.n);
      const count = definition.prepare(m, params).decisions?.(0, bars, targets) ?? -1;
      expect(Array.from(bars.subarray(0, count), (b, j) => [b, targets[j]])).toEqual(finite);
      // Not vacuous: each case trades on each market (the long-only z-score case enters on the
      // ramp down and never exits: once the window is flat its deviation is 0 and z is NaN).
      expect(finite.length).toBeGreaterThan(0);
    }
  });
});

describe('decisionsOf', () => {
  it.each([
    ['sma_crossover', { fast: 10, slow: 20 }],
    ['breakout', {}],
    ['buy_and_hold', {}],
  ])('lists the finite targets of %s on one symbol, from its own list or from decide()', (id, raw) => {
    const market = alignMarket([goog]);
    const params = registry.parameters(id, raw, 1);
    const definition = registry.get(id);
    const bars = new Int32Array(market.n);
    const targets = new Float64Array(market.n);
    const count = decisionsOf(definition.prepare(market, params), market.n, bars, targets);
    const dense = decideLoop(definition.prepare(market, params), market.n, 1);
    const finite = Array.from(dense).flatMap((t, i) => (t === t ? [[i, t]] : []));
    expect(finite.length).toBeGreaterThan(0);
    expect(Array.from(bars.subarray(0, count), (b, j) => [b, targets[j]])).toEqual(finite);
  });
});
