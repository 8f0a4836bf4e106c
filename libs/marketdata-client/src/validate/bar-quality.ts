import { BarColumns, ValidationError } from '@nautilus/domain';

/**
 * The classes of bad rows, as API keys. A row can fall in several classes.
 * - `non_finite`: time, open, high, low, close or (when given) volume is NaN or ±∞.
 * - `non_positive`: a finite price ≤ 0, or a finite volume < 0.
 * - `high_below_low`: high < low (open and close are then not range-checked).
 * - `open_outside_range` / `close_outside_range`: open / close outside [low, high].
 *   The three range classes are checked only when all four prices are finite.
 * - `zero_volume`: volume is exactly 0 (only when a volume column is given).
 * - `duplicate_or_unsorted`: time is not after the previous finite time.
 * - `price_jump`: the close-to-close log return ending at this row lies more than `jumpSigmas`
 *   robust standard deviations from the median return (see {@link countBadRows}).
 */
export const BAD_ROW_CLASSES = [
  'non_finite',
  'non_positive',
  'high_below_low',
  'open_outside_range',
  'close_outside_range',
  'zero_volume',
  'duplicate_or_unsorted',
  'price_jump',
] as const;
export type BadRowClass = (typeof BAD_ROW_CLASSES)[number];

/** The classes whose rows `createBarSeries` rejects: a series with any of them cannot be backtested as is. */
export const INVALID_ROW_CLASSES = [
  'non_finite',
  'non_positive',
  'high_below_low',
  'open_outside_range',
  'close_outside_range',
  'duplicate_or_unsorted',
] as const satisfies readonly BadRowClass[];

/** Options of {@link countBadRows}. */
export interface BarQualityOptions {
  /** Distance from the median log return, in robust standard deviations, beyond which a return is a price jump. Default 6. */
  readonly jumpSigmas?: number;
  /** Row indices kept per class. Default 5. */
  readonly sampleSize?: number;
}

/** How many rows fall in one class, and the first of them (0-based indices into the input columns). */
export interface BadRowClassSummary {
  readonly count: number;
  readonly firstRows: readonly number[];
}

/** Result of {@link countBadRows}. */
export interface BarQuality {
  readonly rows: number;
  /** Rows in at least one of {@link INVALID_ROW_CLASSES}. */
  readonly invalidRows: number;
  /** Rows in at least one class other than `zero_volume` (invalid rows and price jumps). */
  readonly badRows: number;
  readonly classes: Readonly<Record<BadRowClass, BadRowClassSummary>>;
  /** Median of the close-to-close log returns; NaN when there is none. */
  readonly medianLogReturn: number;
  /** 1.4826 × median absolute deviation of those returns (σ for normal returns); NaN when there is none. */
  readonly robustScale: number;
}

const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;
// Scales the median absolute deviation to the standard deviation of a normal distribution (1/Φ⁻¹(3/4)).
const MAD_TO_SIGMA = 1.4826;

const BIT = {} as Record<BadRowClass, number>;
BAD_ROW_CLASSES.forEach((name, k) => (BIT[name] = 1 << k));
const INVALID_MASK = INVALID_ROW_CLASSES.reduce((mask: number, name) => mask | BIT[name], 0);
const BAD_MASK = INVALID_MASK | BIT.price_jump;

/** Throws {@link ValidationError} naming the first column whose length differs from `time`'s. */
export function checkColumnLengths(columns: BarColumns): void {
  const n = columns.time.length;
  for (const name of [...PRICE_COLUMNS, 'volume'] as const) {
    const column = columns[name];
    if (column && column.length !== n) throw new ValidationError(name, `${n} values (as many as time)`, `${column.length}`);
  }
}

/** Returns whether x is finite and ≤ 0, so that −∞ counts as non-finite only. */
function isNonPositive(x: number): boolean {
  return x <= 0 && x !== -Infinity;
}

function medianOf(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Returns the bad rows of OHLCV columns counted by class (see {@link BAD_ROW_CLASSES}), with the
 * first `sampleSize` row indices of each. The columns may hold anything a source delivers (NaN,
 * zeros, unsorted times), so rows can be counted before `createBarSeries` would reject them; a
 * `BarSeries` is accepted as well.
 *
 * Price jumps: with rᵢ = ln(closeᵢ / closeᵢ₋₁) over consecutive rows whose closes are both finite
 * and positive, m = median(r) and σ̂ = 1.4826 · median(|r − m|), row i is a jump when
 * |rᵢ − m| > jumpSigmas · σ̂. The median and MAD are not inflated by the outliers they look for,
 * unlike a plain standard deviation, which a single bad tick inflates. A bad tick flags two rows (the move
 * away and the move back), an unadjusted split one. No row is flagged when σ̂ is 0 (e.g. a price
 * that mostly does not change).
 *
 * Throws {@link ValidationError} when the columns differ in length or an option is out of range.
 * @see Iglewicz & Hoaglin (1993), "How to Detect and Handle Outliers" (robust z-scores via the MAD).
 */
export function countBadRows(columns: BarColumns, options: BarQualityOptions = {}): BarQuality {
  const jumpSigmas = options.jumpSigmas ?? 6;
  const sampleSize = options.sampleSize ?? 5;
  if (!Number.isFinite(jumpSigmas) || jumpSigmas <= 0) throw new ValidationError('jump_sigmas', 'a finite number > 0', String(jumpSigmas));
  if (!Number.isInteger(sampleSize) || sampleSize < 0) throw new ValidationError('sample_size', 'an integer ≥ 0', String(sampleSize));
  checkColumnLengths(columns);
  const n = columns.time.length;
  const { time, open, high, low, close, volume } = columns;

  const flags = new Uint8Array(n);
  let lastTime = NaN;
  for (let i = 0; i < n; i++) {
    const t = time[i], o = open[i], h = high[i], l = low[i], c = close[i];
    const v = volume ? volume[i] : 0;
    let f = 0;
    const finitePrices = Number.isFinite(o) && Number.isFinite(h) && Number.isFinite(l) && Number.isFinite(c);
    if (!finitePrices || !Number.isFinite(t) || !Number.isFinite(v)) f |= BIT.non_finite;
    if (isNonPositive(o) || isNonPositive(h) || isNonPositive(l) || isNonPositive(c) || (v < 0 && v !== -Infinity)) f |= BIT.non_positive;
    if (finitePrices) {
      if (h < l) f |= BIT.high_below_low;
      else {
        if (o > h || o < l) f |= BIT.open_outside_range;
        if (c > h || c < l) f |= BIT.close_outside_range;
      }
    }
    if (volume && v === 0) f |= BIT.zero_volume;
    if (Number.isFinite(t)) {
      if (t <= lastTime) f |= BIT.duplicate_or_unsorted;
      lastTime = t;
    }
    flags[i] = f;
  }

  const logReturns = new Float64Array(n);
  logReturns.fill(NaN);
  let returnCount = 0;
  for (let i = 1; i < n; i++) {
    const prev = close[i - 1], curr = close[i];
    if (prev > 0 && curr > 0 && Number.isFinite(prev) && Number.isFinite(curr)) {
      logReturns[i] = Math.log(curr / prev);
      returnCount++;
    }
  }
  const sorted = new Float64Array(returnCount);
  for (let i = 1, k = 0; i < n; i++) if (!Number.isNaN(logReturns[i])) sorted[k++] = logReturns[i];
  sorted.sort();
  const medianLogReturn = medianOf(sorted);
  for (let k = 0; k < returnCount; k++) sorted[k] = Math.abs(sorted[k] - medianLogReturn);
  sorted.sort();
  const robustScale = MAD_TO_SIGMA * medianOf(sorted);
  if (robustScale > 0) {
    const limit = jumpSigmas * robustScale;
    for (let i = 1; i < n; i++) if (Math.abs(logReturns[i] - medianLogReturn) > limit) flags[i] |= BIT.price_jump;
  }

  const counts = new Int32Array(BAD_ROW_CLASSES.length);
  const firstRows: number[][] = BAD_ROW_CLASSES.map(() => []);
  let invalidRows = 0;
  let badRows = 0;
  for (let i = 0; i < n; i++) {
    const f = flags[i];
    if (f === 0) continue;
    if (f & INVALID_MASK) invalidRows++;
    if (f & BAD_MASK) badRows++;
    for (let k = 0; k < BAD_ROW_CLASSES.length; k++) {
      if (f & (1 << k)) {
        counts[k]++;
        if (firstRows[k].length < sampleSize) firstRows[k].push(i);
      }
    }
  }
  const classes = {} as Record<BadRowClass, BadRowClassSummary>;
  BAD_ROW_CLASSES.forEach((name, k) => (classes[name] = { count: counts[k], firstRows: firstRows[k] }));
  return { rows: n, invalidRows, badRows, classes, medianLogReturn, robustScale };
}
