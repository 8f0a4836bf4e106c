/**
 * Our SMA(20), EMA(20) and RSI(14) kernels against two widely used JS libraries,
 * technicalindicators (batch `calculate` over a number[]) and trading-signals (streaming `add` per
 * value), on 1,000,000 closes of a seeded random walk, beside a baseline plain loop over the same
 * array, in the same run. Outputs are checked against ours on a prefix before timing; each note
 * says how closely they agree and why they differ where they do.
 * Run: `npx tsx tools/bench/indicators/indicators.bench.ts` (env INDICATOR_VALUES, default 1,000,000).
 */
import { ema, rsi, sma } from '@nautilus/domain';
import { syntheticRandomWalk } from '@nautilus/domain/testing';
import { EMA as TiEMA, RSI as TiRSI, SMA as TiSMA } from 'technicalindicators';
import { EMA as TsEMA, RSI as TsRSI, SMA as TsSMA } from 'trading-signals';
import { asCase, BenchCase, report, time } from '../harness';

const N = Number(process.env.INDICATOR_VALUES ?? 1_000_000);
const PREFIX = 10_000;
const values = syntheticRandomWalk(N, 11, { drift: 0, volatility: 0.01 }).close;
// technicalindicators takes a number[]; converting once, outside the timing, is the fair setup.
const valuesArray = Array.from(values);
const out = new Float64Array(N);

type Ours = (v: Float64Array, period: number, o?: Float64Array) => Float64Array;
type Streaming = { add(value: number): number | null };

/** Feeds `values` to a trading-signals indicator one by one, as a live feed would, into a Float64Array. */
function streamed(make: () => Streaming, v: Float64Array, o: Float64Array): Float64Array {
  const indicator = make();
  for (let i = 0; i < v.length; i++) {
    const r = indicator.add(v[i]);
    o[i] = r === null ? NaN : r;
  }
  return o;
}

/** Returns the largest |ours − theirs| over the prefix from `from`, with theirs aligned to our index by `offset`. */
function maxDiff(ours: Float64Array, theirs: ArrayLike<number>, offset: number, from: number): number {
  let worst = 0;
  for (let i = from; i < PREFIX; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i - offset]));
  return worst;
}

interface Comparison {
  readonly label: string;
  readonly period: number;
  readonly ours: Ours;
  readonly technical: (period: number, v: number[]) => number[];
  /** Index of our output that technicalindicators' first output matches. */
  readonly technicalOffset: number;
  readonly technicalNote: string;
  readonly signals: (period: number) => Streaming;
  readonly signalsFrom: number;
  readonly signalsNote: string;
}

const comparisons: Comparison[] = [
  {
    label: 'SMA(20)',
    period: 20,
    ours: sma,
    technical: (period, v) => TiSMA.calculate({ period, values: v }),
    technicalOffset: 19,
    technicalNote: 'same definition',
    signals: (period) => new TsSMA(period),
    signalsFrom: 19,
    signalsNote: 'same definition',
  },
  {
    label: 'EMA(20)',
    period: 20,
    ours: ema,
    technical: (period, v) => TiEMA.calculate({ period, values: v }),
    technicalOffset: 19,
    technicalNote: 'both seed with the SMA of the first 20 values',
    signals: (period) => new TsEMA(period),
    signalsFrom: 2_000,
    signalsNote: 'trading-signals seeds with the first value, not an SMA; compared from value 2,000, where the seed has decayed by (19/21)^2000',
  },
  {
    label: 'RSI(14)',
    period: 14,
    ours: rsi,
    technical: (period, v) => TiRSI.calculate({ period, values: v }),
    technicalOffset: 14,
    technicalNote: 'technicalindicators rounds RSI to 2 decimals',
    signals: (period) => new TsRSI(period),
    signalsFrom: 14,
    signalsNote: 'both use Wilder smoothing seeded with plain means',
  },
];

const prefix = values.subarray(0, PREFIX);
const cases: BenchCase[] = [
  asCase(
    time('baseline: plain loop summing the values', () => {
      let s = 0;
      for (let i = 0; i < N; i++) s += values[i];
      return s;
    }),
    'baseline',
    N,
  ),
];
for (const c of comparisons) {
  const ours = c.ours(prefix, c.period);
  const technicalDiff = maxDiff(ours, c.technical(c.period, Array.from(prefix)), c.technicalOffset, c.technicalOffset);
  const signalsDiff = maxDiff(ours, streamed(() => c.signals(c.period), prefix, new Float64Array(PREFIX)), 0, c.signalsFrom);
  cases.push(
    asCase(time(`${c.label}: ours (Float64Array kernel)`, () => c.ours(values, c.period, out)), 'ours', N, { headline: c.label }),
    asCase(time(`${c.label}: technicalindicators calculate()`, () => c.technical(c.period, valuesArray), 3, 1), 'library', N, {
      note: `max |ours − technicalindicators| on the first ${PREFIX} values: ${technicalDiff.toExponential(1)} (${c.technicalNote})`,
    }),
    asCase(time(`${c.label}: trading-signals add() per value`, () => streamed(() => c.signals(c.period), values, out), 3, 1), 'library', N, {
      note: `max |ours − trading-signals| on values ${c.signalsFrom}–${PREFIX}: ${signalsDiff.toExponential(1)} (${c.signalsNote})`,
    }),
  );
}
report({
  id: 'indicators',
  title: 'Indicators against JS libraries (one thread)',
  unit: 'values',
  detail: `${N.toLocaleString('en-US')} closes of a seeded random walk; technicalindicators 3.1, trading-signals 8.3`,
  cases,
});
