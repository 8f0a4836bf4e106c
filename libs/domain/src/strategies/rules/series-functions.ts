import { atr, ema, rollingMax, rollingMin, rollingStd, rsi, sma, zScore } from '../../kernels/indicators';

/**
 * The value of a rule expression: a column-major n × k series (symbol s at `s·n … s·n + n − 1`),
 * or a scalar that stands for the same value on every bar. Booleans are 1 and 0; NaN means
 * "not defined yet" (warm-up) or "unknown".
 */
export type RuleValue = Float64Array | number;

/** Element-wise functions of one value. */
export type UnaryOp = 'negate' | 'not' | 'abs' | 'log' | 'exp' | 'sqrt';

/** Element-wise functions of two values. */
export type BinaryOp =
  | 'add'
  | 'subtract'
  | 'multiply'
  | 'divide'
  | 'larger'
  | 'smaller'
  | 'largerEq'
  | 'smallerEq'
  | 'equal'
  | 'unequal'
  | 'and'
  | 'or'
  | 'min'
  | 'max';

/** Rolling functions of one series over a window of bars. */
export type WindowFunction = 'sma' | 'ema' | 'rsi' | 'zscore' | 'stdev' | 'highest' | 'lowest';

type WindowKernel = (values: Float64Array, window: number, out: Float64Array) => Float64Array;

const WINDOW_KERNELS: Readonly<Record<WindowFunction, WindowKernel>> = {
  sma,
  ema,
  rsi,
  zscore: zScore,
  // Population σ (ddof 0), the σ that zscore and Bollinger Bands use.
  stdev: (values, window, out) => rollingStd(values, window, 0, out),
  highest: rollingMax,
  lowest: rollingMin,
};

/** Returns the number of leading NaN values `fn` gives over a window of `window` bars (RSI needs one more bar for its first change). */
export function windowLeadBars(fn: WindowFunction, window: number): number {
  return fn === 'rsi' ? window : window - 1;
}

/** Returns `x` as an array of `length` values, filling a scalar. */
function materialize(x: RuleValue, length: number): Float64Array {
  return typeof x === 'number' ? new Float64Array(length).fill(x) : x;
}

function unaryScalar(op: UnaryOp, x: number): number {
  switch (op) {
    case 'negate':
      return -x;
    case 'not':
      return x !== x ? NaN : x === 0 ? 1 : 0;
    case 'abs':
      return Math.abs(x);
    case 'log':
      return Math.log(x);
    case 'exp':
      return Math.exp(x);
    case 'sqrt':
      return Math.sqrt(x);
  }
}

/**
 * Comparisons with NaN give NaN rather than JavaScript's false, and `and`/`or` follow Kleene's
 * three-valued logic, so that `not (a > b)` stays NaN in the warm-up instead of becoming true.
 */
function binaryScalar(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case 'add':
      return a + b;
    case 'subtract':
      return a - b;
    case 'multiply':
      return a * b;
    case 'divide':
      return a / b;
    case 'larger':
      return a !== a || b !== b ? NaN : a > b ? 1 : 0;
    case 'smaller':
      return a !== a || b !== b ? NaN : a < b ? 1 : 0;
    case 'largerEq':
      return a !== a || b !== b ? NaN : a >= b ? 1 : 0;
    case 'smallerEq':
      return a !== a || b !== b ? NaN : a <= b ? 1 : 0;
    case 'equal':
      return a !== a || b !== b ? NaN : a === b ? 1 : 0;
    case 'unequal':
      return a !== a || b !== b ? NaN : a !== b ? 1 : 0;
    case 'and':
      return a === 0 || b === 0 ? 0 : a !== a || b !== b ? NaN : 1;
    case 'or':
      return (a === a && a !== 0) || (b === b && b !== 0) ? 1 : a !== a || b !== b ? NaN : 0;
    case 'min':
      return Math.min(a, b);
    case 'max':
      return Math.max(a, b);
  }
}

/** Returns `op` applied to every element of `x` (a scalar stays a scalar). */
export function applyUnary(op: UnaryOp, x: RuleValue): RuleValue {
  if (typeof x === 'number') return unaryScalar(op, x);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = unaryScalar(op, x[i]);
  return out;
}

/** Returns `op` applied element-wise to `a` and `b`, broadcasting a scalar; two scalars give a scalar. */
export function applyBinary(op: BinaryOp, a: RuleValue, b: RuleValue): RuleValue {
  if (typeof a === 'number' && typeof b === 'number') return binaryScalar(op, a, b);
  const length = typeof a === 'number' ? (b as Float64Array).length : a.length;
  const out = new Float64Array(length);
  if (typeof a === 'number') {
    const bs = b as Float64Array;
    for (let i = 0; i < length; i++) out[i] = binaryScalar(op, a, bs[i]);
  } else if (typeof b === 'number') {
    for (let i = 0; i < length; i++) out[i] = binaryScalar(op, a[i], b);
  } else {
    for (let i = 0; i < length; i++) out[i] = binaryScalar(op, a[i], b[i]);
  }
  return out;
}

/**
 * Returns `fn` over `window` bars of each symbol of `x` (n bars × k symbols). The kernel runs on
 * each stretch of finite values separately and non-finite values give NaN: a running sum would
 * otherwise turn every later value into NaN after the warm-up of an inner indicator
 * (`sma(rsi(close, 14), 5)`), and a recursive average restarts after a gap.
 */
export function applyWindow(fn: WindowFunction, x: RuleValue, window: number, n: number, k: number): Float64Array {
  const kernel = WINDOW_KERNELS[fn];
  const values = materialize(x, n * k);
  const out = new Float64Array(n * k);
  for (let s = 0; s < k; s++) {
    const v = values.subarray(s * n, (s + 1) * n);
    const o = out.subarray(s * n, (s + 1) * n);
    let i = 0;
    while (i < n) {
      if (!Number.isFinite(v[i])) {
        o[i++] = NaN;
        continue;
      }
      let end = i + 1;
      while (end < n && Number.isFinite(v[end])) end++;
      kernel(v.subarray(i, end), window, o.subarray(i, end));
      i = end;
    }
  }
  return out;
}

/** Returns Wilder's ATR over `window` bars for each symbol of the n × k price matrices. */
export function applyAtr(high: Float64Array, low: Float64Array, close: Float64Array, window: number, n: number, k: number): Float64Array {
  const out = new Float64Array(n * k);
  for (let s = 0; s < k; s++) {
    const a = s * n;
    const b = a + n;
    atr(high.subarray(a, b), low.subarray(a, b), close.subarray(a, b), window, out.subarray(a, b));
  }
  return out;
}

/** Returns `x` delayed by `bars` bars within each symbol: out[i] = x[i − bars], NaN for i < bars. */
export function applyShift(x: RuleValue, bars: number, n: number, k: number): Float64Array {
  const values = materialize(x, n * k);
  const out = new Float64Array(n * k);
  for (let s = 0; s < k; s++) {
    const a = s * n;
    for (let i = 0; i < n; i++) out[a + i] = i >= bars ? values[a + i - bars] : NaN;
  }
  return out;
}

/**
 * Returns 1 on the bars where `a` crosses above `b` (`over`: a[i−1] ≤ b[i−1] and a[i] > b[i]) or
 * below it (`under`: a[i−1] ≥ b[i−1] and a[i] < b[i]), else 0; NaN on a symbol's first bar and
 * where any of the four values is NaN, so that a negated cross does not fire in the warm-up.
 */
export function applyCross(direction: 'over' | 'under', a: RuleValue, b: RuleValue, n: number, k: number): Float64Array {
  const x = materialize(a, n * k);
  const y = materialize(b, n * k);
  const out = new Float64Array(n * k);
  for (let s = 0; s < k; s++) {
    const start = s * n;
    out[start] = NaN;
    for (let j = start + 1; j < start + n; j++) {
      const x0 = x[j - 1];
      const x1 = x[j];
      const y0 = y[j - 1];
      const y1 = y[j];
      if (x0 !== x0 || x1 !== x1 || y0 !== y0 || y1 !== y1) out[j] = NaN;
      else if (direction === 'over') out[j] = x0 <= y0 && x1 > y1 ? 1 : 0;
      else out[j] = x0 >= y0 && x1 < y1 ? 1 : 0;
    }
  }
  return out;
}

/** Writes 1 where `value` is true (neither 0 nor NaN) into a byte per bar, broadcasting a scalar to `length`. */
export function truthOf(value: RuleValue, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (typeof value === 'number') return value === value && value !== 0 ? out.fill(1) : out;
  for (let i = 0; i < length; i++) {
    const v = value[i];
    out[i] = v === v && v !== 0 ? 1 : 0;
  }
  return out;
}
