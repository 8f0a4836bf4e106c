import { SegmentMetrics } from './objective';
import { TrialResult } from './optimize';

/** Numbers of a segment, packed in the order of {@link SegmentMetrics}' fields. */
const SEGMENT = 9;
/** Per trial: both segments' fields and both scores. */
const STRIDE = 2 * SEGMENT + 2;

// Field by field rather than by a loop over names: keyed access by a name in a variable is a
// dictionary lookup per value, and unpacking 5,000 trials that way took 5–10 ms of a 60 ms sweep.
function packSegment(m: SegmentMetrics, out: Float64Array, o: number): void {
  out[o] = m.totalReturn;
  out[o + 1] = m.annualizedReturn;
  out[o + 2] = m.sharpeRatio;
  out[o + 3] = m.sortinoRatio;
  out[o + 4] = m.calmarRatio;
  out[o + 5] = m.maxDrawdown;
  out[o + 6] = m.profitFactor;
  out[o + 7] = m.numTrades;
  out[o + 8] = m.winRate;
}

function segmentAt(p: Float64Array, o: number): SegmentMetrics {
  return {
    totalReturn: p[o],
    annualizedReturn: p[o + 1],
    sharpeRatio: p[o + 2],
    sortinoRatio: p[o + 3],
    calmarRatio: p[o + 4],
    maxDrawdown: p[o + 5],
    profitFactor: p[o + 6],
    numTrades: p[o + 7],
    winRate: p[o + 8],
  };
}

/**
 * Packs the numbers of `trials` into one Float64Array (parameters left out: the receiver has the
 * candidate sets), so a thread hands back thousands of trials as one transferable buffer instead of
 * thousands of objects to clone.
 */
export function packTrials(trials: readonly TrialResult[]): Float64Array {
  const out = new Float64Array(trials.length * STRIDE);
  for (let r = 0; r < trials.length; r++) {
    const t = trials[r];
    const o = r * STRIDE;
    packSegment(t.inSample, out, o);
    packSegment(t.outOfSample, out, o + SEGMENT);
    out[o + 2 * SEGMENT] = t.inSampleScore;
    out[o + 2 * SEGMENT + 1] = t.outOfSampleScore;
  }
  return out;
}

/** Rebuilds the trials packed by {@link packTrials}, the r-th with `parameters[r]`. */
export function unpackTrials(packed: Float64Array, parameters: readonly Readonly<Record<string, number | boolean>>[]): TrialResult[] {
  const count = packed.length / STRIDE;
  const trials: TrialResult[] = new Array(count);
  for (let r = 0; r < count; r++) {
    const o = r * STRIDE;
    trials[r] = { parameters: parameters[r], inSample: segmentAt(packed, o), outOfSample: segmentAt(packed, o + SEGMENT), inSampleScore: packed[o + 2 * SEGMENT], outOfSampleScore: packed[o + 2 * SEGMENT + 1] };
  }
  return trials;
}
