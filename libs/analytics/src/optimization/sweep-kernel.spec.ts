import { alignMarket, computeSignals, createLedger, parseBacktestConfig, simulateTargets, simulationParamsOf, StrategyRegistry } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { perPeriodRate } from '../metrics/returns';
import { emptySums, segmentMetrics } from './segment-metrics';
import { finishKernelSegment, simulateOneSymbolSegments } from './sweep-kernel';
import { SweepBuffers } from './sweep-wasm';

/** The decisions in a target column: its finite entries with their bars. */
function decisionsOf(target: Float64Array): { bars: Int32Array; targets: Float64Array; count: number } {
  const bars = new Int32Array(target.length);
  const targets = new Float64Array(target.length);
  let count = 0;
  target.forEach((t, i) => {
    if (t === t) {
      bars[count] = i;
      targets[count++] = t;
    }
  });
  return { bars, targets, count };
}

const goog = loadSharedData('GOOG.csv');
const registry = new StrategyRegistry();
const market = alignMarket([goog]);
const n = market.n;

const configs = [
  {},
  { commission: { rate: 0.002 }, slippageBps: 3, lotSize: 0, riskFreeRate: 0.02 },
  { fillTiming: 'same_close', closeAtEnd: false, commission: { perUnit: 0.01, minimum: 1 } },
];
const params = [
  { fast: 2, slow: 5, allow_short: true },
  { fast: 10, slow: 20 },
  { fast: 50, slow: 200, position_size: 0.6 },
];

describe('simulateOneSymbolSegments', () => {
  it.each(configs)('equals simulateTargets then segmentMetrics on both segments, bit for bit (config %j)', (raw) => {
    const config = parseBacktestConfig(raw);
    const sim = simulationParamsOf(config);
    const rf = perPeriodRate(config.riskFreeRate, 252);
    const ledger = createLedger(1, 0);
    const buffers = new SweepBuffers(market.close);
    for (const raw of params) {
      const target = computeSignals(registry.get('sma_crossover'), market, registry.parameters('sma_crossover', raw, 1));
      const reference = { equity: new Float64Array(n) };
      const refLedger = simulateTargets(market.open, market.close, target, n, 1, sim, reference);
      for (const split of [2, 1289, n - 1, n]) {
        const is = emptySums();
        const oos = emptySums();
        const d = decisionsOf(target);
        simulateOneSymbolSegments(market.open, buffers, d.bars, d.targets, d.count, n, sim, ledger, split, rf, is, oos);
        expect(Array.from(buffers.equity)).toEqual(Array.from(reference.equity));
        expect(Array.from(ledger.trades.pnl.subarray(0, ledger.trades.length))).toEqual(Array.from(refLedger.trades.pnl.subarray(0, refLedger.trades.length)));
        const scratch = new Float64Array(n);
        expect(finishKernelSegment(is, buffers, ledger.trades, 0, split, 252, config.riskFreeRate, scratch)).toEqual(segmentMetrics(reference.equity, refLedger.trades, 0, split, 252, config.riskFreeRate, scratch));
        if (split < n) {
          expect(finishKernelSegment(oos, buffers, ledger.trades, split - 1, n, 252, config.riskFreeRate, scratch)).toEqual(segmentMetrics(reference.equity, refLedger.trades, split - 1, n, 252, config.riskFreeRate, scratch));
        }
      }
      expect(refLedger.trades.length).toBeGreaterThan(2);
    }
  });
});

describe('simulateOneSymbolSegments on a wiped-out account', () => {
  it('ends the returns at a zero equity exactly as segmentMetrics does', () => {
    // All in at the second open, then the price goes to 0: equity 0, and 0/0 returns after that.
    const close = Float64Array.of(10, 10, 11, 9, 5, 0, 0, 0, 0, 0);
    const n = close.length;
    const target = new Float64Array(n).fill(NaN);
    target[0] = 1;
    const sim = simulationParamsOf(parseBacktestConfig({ lotSize: 0, closeAtEnd: false }));
    const reference = { equity: new Float64Array(n) };
    const refLedger = simulateTargets(close, close, target, n, 1, sim, reference);
    expect(reference.equity[n - 1]).toBe(0);
    const annualRf = 0.05;
    const rf = perPeriodRate(annualRf, 252);
    const is = emptySums();
    const oos = emptySums();
    const ledger = createLedger(1, 0);
    const buffers = new SweepBuffers(close);
    const d = decisionsOf(target);
    simulateOneSymbolSegments(close, buffers, d.bars, d.targets, d.count, n, sim, ledger, 4, rf, is, oos);
    expect(buffers.returns.some((r) => Number.isNaN(r))).toBe(true);
    const scratch = new Float64Array(n);
    expect(finishKernelSegment(is, buffers, ledger.trades, 0, 4, 252, annualRf, scratch)).toEqual(segmentMetrics(reference.equity, refLedger.trades, 0, 4, 252, annualRf, scratch));
    const wiped = finishKernelSegment(oos, buffers, ledger.trades, 3, n, 252, annualRf, scratch);
    expect(wiped).toEqual(segmentMetrics(reference.equity, refLedger.trades, 3, n, 252, annualRf, scratch));
    expect(wiped.totalReturn).toBe(-1);
  });
});

describe('simulateOneSymbolSegments on random decisions', () => {
  it('matches simulateTargets then segmentMetrics with repeated targets, shorts, decisions on the first and last bars', () => {
    let seed = 3;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = [0, 0, 1, 1, 0.5, -1];
    const ledger = createLedger(1, 0);
    const buffers = new SweepBuffers(market.close);
    let checked = 0;
    for (const raw of [{}, { fillTiming: 'same_close' }, { closeAtEnd: false, riskFreeRate: 0.01 }, { fillTiming: 'same_close', closeAtEnd: false, lotSize: 0 }]) {
      const config = parseBacktestConfig(raw);
      const sim = simulationParamsOf(config);
      const rf = perPeriodRate(config.riskFreeRate, 252);
      for (let trial = 0; trial < 5; trial++) {
        const target = new Float64Array(n).fill(NaN);
        for (let i = 0; i < n; i++) if (rand() < 0.03) target[i] = values[Math.floor(rand() * values.length)];
        target[0] = 1;
        target[n - 1] = 0;
        const reference = { equity: new Float64Array(n) };
        const refLedger = simulateTargets(market.open, market.close, target, n, 1, sim, reference);
        const d = decisionsOf(target);
        // Splits 1000 to 1003 start the out-of-sample returns in each of the four lanes.
        for (const split of [1000, 1001, 1002, 1003, n]) {
          const is = emptySums();
          const oos = emptySums();
          simulateOneSymbolSegments(market.open, buffers, d.bars, d.targets, d.count, n, sim, ledger, split, rf, is, oos);
          expect(Array.from(buffers.equity)).toEqual(Array.from(reference.equity));
          expect(ledger.fills.length).toBe(refLedger.fills.length);
          const scratch = new Float64Array(n);
          expect(finishKernelSegment(is, buffers, ledger.trades, 0, split, 252, config.riskFreeRate, scratch)).toEqual(segmentMetrics(reference.equity, refLedger.trades, 0, split, 252, config.riskFreeRate, scratch));
          if (split < n) expect(finishKernelSegment(oos, buffers, ledger.trades, split - 1, n, 252, config.riskFreeRate, scratch)).toEqual(segmentMetrics(reference.equity, refLedger.trades, split - 1, n, 252, config.riskFreeRate, scratch));
          checked++;
        }
        // Not vacuous: some decisions repeat the target before them and trade nothing.
        let repeats = 0;
        for (let j = 1; j < d.count; j++) if (d.targets[j] === d.targets[j - 1]) repeats++;
        expect(repeats).toBeGreaterThan(0);
        expect(refLedger.fills.length).toBeGreaterThan(10);
      }
    }
    expect(checked).toBe(100);
  });
});

describe('simulateOneSymbolSegments through NaN closes and deep drawdowns', () => {
  it('keeps the peaks and drawdown of the one-bar-at-a-time loop when a held stretch meets NaN equity', () => {
    // A held position across NaN closes: NaN equity must not become a peak, and the rally after
    // it must still be one; a crash after that deepens the drawdown inside a four-bar step.
    const closes = Array.from({ length: 64 }, (_, i) => 100 + Math.sin(i / 3) * 5 + i);
    for (const i of [21, 22, 23]) closes[i] = NaN;
    for (let i = 40; i < 46; i++) closes[i] = 60 - (i - 40) * 4;
    const close = Float64Array.from(closes);
    const n = close.length;
    const target = new Float64Array(n).fill(NaN);
    target[2] = 1;
    target[50] = -0.5;
    const config = parseBacktestConfig({ lotSize: 0, riskFreeRate: 0.03 });
    const sim = simulationParamsOf(config);
    const reference = { equity: new Float64Array(n) };
    const refLedger = simulateTargets(close, close, target, n, 1, sim, reference);
    const ledger = createLedger(1, 0);
    const buffers = new SweepBuffers(close);
    const d = decisionsOf(target);
    const scratch = new Float64Array(n);
    for (const split of [n, 30, 31, 41]) {
      const is = emptySums();
      const oos = emptySums();
      simulateOneSymbolSegments(close, buffers, d.bars, d.targets, d.count, n, sim, ledger, split, perPeriodRate(0.03, 252), is, oos);
      expect(Array.from(buffers.equity)).toEqual(Array.from(reference.equity));
      const inSample = finishKernelSegment(is, buffers, ledger.trades, 0, split, 252, 0.03, scratch);
      expect(inSample).toEqual(segmentMetrics(reference.equity, refLedger.trades, 0, split, 252, 0.03, scratch));
      if (split < n) {
        const outOfSample = finishKernelSegment(oos, buffers, ledger.trades, split - 1, n, 252, 0.03, scratch);
        expect(outOfSample).toEqual(segmentMetrics(reference.equity, refLedger.trades, split - 1, n, 252, 0.03, scratch));
        // Past the NaN bars the drawdown is still measured: the crash is there.
        if (split > 24) expect(outOfSample.maxDrawdown).toBeLessThan(-0.3);
      }
    }
    expect(Number.isNaN(reference.equity[22])).toBe(true);
  });
});
