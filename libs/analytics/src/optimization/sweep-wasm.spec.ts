import { AlignedMarket, alignMarket, createBarSeries, Decider, decisionsOf, IndicatorCache, StrategyRegistry } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { sumSquaredDeviations } from '../metrics/returns';
import { HeldState, SweepBuffers } from './sweep-wasm';

const root = join(__dirname, '..', '..', '..', '..');
const registry = new StrategyRegistry();

/** A market whose closes are flat (equal SMAs), ramp up and down, with NaN closes in one stretch. */
function tiesAndGaps(): AlignedMarket {
  const closes = Array.from({ length: 400 }, (_, i) => (i < 60 ? 100 : i < 120 ? 100 + (i - 60) : i < 200 ? 160 : i < 260 ? 160 - (i - 200) : 100));
  const market = alignMarket([createBarSeries('FLAT', { time: closes.map((_, i) => i * 86_400_000), open: closes, high: closes, low: closes, close: closes })]);
  return { ...market, close: Float64Array.from(market.close, (c, i) => (i >= 210 && i < 213 ? NaN : c)) };
}

describe('sweep WebAssembly kernels', () => {
  it('are the build of assembly/sweep.ts that is committed', () => {
    // Exits non-zero, failing the test, when the generated module differs from a fresh compile.
    expect(() => execFileSync(process.execPath, [join(root, 'tools/scripts/build-wasm.mjs'), '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow();
  });

  it('take sums of squared deviations bit for bit as sumSquaredDeviations does, at any offset and length', () => {
    const n = 37;
    const buffers = new SweepBuffers(new Float64Array(n));
    let seed = 11;
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      buffers.returns[i] = (seed / 2 ** 31 - 0.5) * 0.04;
    }
    let compared = 0;
    for (let from = 0; from < 6; from++) {
      for (let to = from; to <= n; to++) {
        const m = 0.001 * (to - from);
        expect(buffers.sumSquaredDeviations(from, to, m)).toBe(sumSquaredDeviations(buffers.returns, from, to, m));
        compared++;
      }
    }
    expect(compared).toBe(38 + 37 + 36 + 35 + 34 + 33);
  });

  it('mark a flat stretch from bar 0 without writing a return before the first bar', () => {
    // Four bars: equity and returns sit next to each other in memory, so a return written for
    // bar 0 would land on the last equity value.
    const buffers = new SweepBuffers(new Float64Array(4));
    buffers.equity[3] = 42;
    buffers.returns.fill(9);
    buffers.state[HeldState.cash] = 5;
    buffers.markFlat(0, 3);
    expect(Array.from(buffers.equity)).toEqual([5, 5, 5, 42]);
    expect(Array.from(buffers.returns)).toEqual([0, 0, 9, 9]);
  });

  it.each<[string, Record<string, unknown>[], (buffers: SweepBuffers, decider: Decider) => number]>([
    [
      'sma_crossover',
      [{ fast: 2, slow: 3, allow_short: true }, { fast: 5, slow: 20 }, { fast: 10, slow: 30, position_size: 0.5, allow_short: true }, { fast: 50, slow: 200 }, { fast: 300, slow: 500 }],
      (buffers, decider) => {
        if (!decider.crossing) throw new Error('sma_crossover states its crossing rule');
        return buffers.crossings(decider.crossing);
      },
    ],
    [
      'mean_reversion',
      [
        { lookback_period: 4, z_score_threshold: 0.5, exit_z_score: 0.2, allow_short: true },
        { lookback_period: 10, z_score_threshold: 1 },
        { lookback_period: 20, z_score_threshold: 2, position_size: 0.5, allow_short: true },
        { lookback_period: 60, z_score_threshold: 1.5, exit_z_score: 1 },
      ],
      (buffers, decider) => {
        if (!decider.band) throw new Error('mean_reversion states its band rule');
        return buffers.bandDecisions(decider.band);
      },
    ],
  ])("list %s decisions as the domain's TypeScript list does, on GOOG and on ties and NaN gaps", (id, raws, listInWasm) => {
    const goog = alignMarket([loadSharedData('GOOG.csv')]);
    const definition = registry.get(id);
    let decisions = 0;
    for (const market of [goog, tiesAndGaps()]) {
      const buffers = new SweepBuffers(market.close);
      const cache: IndicatorCache = new Map();
      const bars = new Int32Array(market.n);
      const targets = new Float64Array(market.n);
      for (const raw of raws) {
        const decider = definition.prepare(market, registry.parameters(id, raw, 1), cache);
        // decisionsOf lists through the decider's own TypeScript list.
        const expected = decisionsOf(decider, market.n, bars, targets);
        const count = listInWasm(buffers, decider);
        expect(count).toBe(expected);
        expect(Array.from(buffers.decisionBars.subarray(0, count))).toEqual(Array.from(bars.subarray(0, expected)));
        expect(Array.from(buffers.decisionTargets.subarray(0, count))).toEqual(Array.from(targets.subarray(0, expected)));
        decisions += count;
      }
    }
    expect(decisions).toBeGreaterThan(200);
  });

  it('keep their arrays through the memory growing as indicator series are copied in', () => {
    const n = 3000;
    const close = Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i / 7));
    const buffers = new SweepBuffers(close);
    buffers.equity[n - 1] = 1234;
    // 120 series of 24 kB: about 2.9 MB, many times the first allocation.
    for (let w = 0; w < 120; w++) {
      const fast = Float64Array.from(close, (c) => c + w);
      expect(buffers.crossings({ fast, slow: close, first: 1, up: 1, down: 0 })).toBe(0);
    }
    expect(buffers.equity[n - 1]).toBe(1234);
    expect(Array.from(buffers.close)).toEqual(Array.from(close));
  });

  it('copy the closes and give each instance memory of its own', () => {
    const a = new SweepBuffers(Float64Array.of(1, 2, 3));
    const b = new SweepBuffers(Float64Array.of(4, 5, 6));
    a.equity[0] = 7;
    expect(Array.from(a.close)).toEqual([1, 2, 3]);
    expect(Array.from(b.close)).toEqual([4, 5, 6]);
    expect(b.equity[0]).toBe(0);
  });
});
