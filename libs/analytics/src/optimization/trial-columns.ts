import { SegmentMetrics } from './objective';
import { TrialResult } from './optimize';

/** The numbers of a segment, in the order they are packed. */
const FIELDS = ['totalReturn', 'annualizedReturn', 'sharpeRatio', 'sortinoRatio', 'calmarRatio', 'maxDrawdown', 'profitFactor', 'numTrades', 'winRate'] as const satisfies readonly (keyof SegmentMetrics)[];
/** Per trial: both segments' fields, both scores, and 1 when the two segments are one (no out-of-sample bars). */
const STRIDE = 2 * FIELDS.length + 3;

/**
 * Packs the numbers of `trials` into one Float64Array (parameters left out: the receiver has the
 * candidate sets), so a thread hands back thousands of trials as one transferable buffer instead of
 * thousands of objects to clone.
 */
export function packTrials(trials: readonly TrialResult[]): Float64Array {
  const out = new Float64Array(trials.length * STRIDE);
  trials.forEach((t, r) => {
    let o = r * STRIDE;
    for (const f of FIELDS) out[o++] = t.inSample[f];
    for (const f of FIELDS) out[o++] = t.outOfSample[f];
    out[o++] = t.inSampleScore;
    out[o++] = t.outOfSampleScore;
    out[o] = t.outOfSample === t.inSample ? 1 : 0;
  });
  return out;
}

function segmentAt(packed: Float64Array, offset: number): SegmentMetrics {
  const m: Record<string, number> = {};
  FIELDS.forEach((f, j) => (m[f] = packed[offset + j]));
  return m as unknown as SegmentMetrics;
}

/** Rebuilds the trials packed by {@link packTrials}, the r-th with `parameters[r]`. */
export function unpackTrials(packed: Float64Array, parameters: readonly Readonly<Record<string, number | boolean>>[]): TrialResult[] {
  const count = packed.length / STRIDE;
  const trials: TrialResult[] = [];
  for (let r = 0; r < count; r++) {
    const o = r * STRIDE;
    const inSample = segmentAt(packed, o);
    const outOfSample = packed[o + STRIDE - 1] === 1 ? inSample : segmentAt(packed, o + FIELDS.length);
    trials.push({ parameters: parameters[r], inSample, outOfSample, inSampleScore: packed[o + 2 * FIELDS.length], outOfSampleScore: packed[o + 2 * FIELDS.length + 1] });
  }
  return trials;
}
