import { ReturnDeviations } from './segment-metrics';
import { SWEEP_WASM_BASE64 } from './sweep-wasm.generated';

// The slice of the WebAssembly JS API used here (the project's `lib` leaves out the DOM, which
// is where TypeScript declares it).
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
};

interface SweepExports {
  layout(close: number, equity: number, returns: number): void;
  markHeld(from: number, to: number, cash: number, q: number, rf: number): void;
  markFlat(from: number, to: number, cash: number): void;
  sumSquaredDeviations(from: number, to: number, m: number): number;
}

/** Slots of {@link SweepBuffers.state}, as assembly/sweep.ts numbers them. */
export const HeldState = { sum: 0, downside: 1, peak: 2, maxDrawdown: 3, prev: 4 } as const;

/**
 * One run's bars in WebAssembly memory, for a parameter sweep: the closes (a copy), the equity and
 * the returns the sweep writes, and the per-bar loops that run there at close to native speed.
 * `markHeld` continues from and leaves its sums in `state`.
 */
export interface SweepBuffers extends ReturnDeviations {
  readonly close: Float64Array;
  readonly equity: Float64Array;
  /** returns[i − 1] = equity[i] / equity[i − 1] − 1. */
  readonly returns: Float64Array;
  readonly state: Float64Array;
  /** Marks bars [from, to) holding `q` units beside `cash`, continuing the sums in `state`. */
  markHeld(from: number, to: number, cash: number, q: number, rf: number): void;
  /** Marks bars [from, to) of a flat account holding `cash`: that equity and zero returns. */
  markFlat(from: number, to: number, cash: number): void;
}

let compiled: object | undefined;

const PAGE = 65_536;
const STATE_BYTES = 64;

/** Returns buffers for a run over `close` (n bars) in a WebAssembly instance of its own. */
export function createSweepBuffers(close: Float64Array): SweepBuffers {
  compiled ??= new WebAssembly.Module(Buffer.from(SWEEP_WASM_BASE64, 'base64'));
  const n = close.length;
  // Each array starts on a 16-byte boundary, which the vector loads of the variance prefer.
  const stride = Math.ceil((8 * Math.max(n, 1)) / 16) * 16;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((STATE_BYTES + 3 * stride) / PAGE) });
  const wasm = new WebAssembly.Instance(compiled, { env: { memory } }).exports as SweepExports;
  const at = (offset: number) => new Float64Array(memory.buffer, offset, n);
  wasm.layout(STATE_BYTES, STATE_BYTES + stride, STATE_BYTES + 2 * stride);
  const buffers: SweepBuffers = {
    close: at(STATE_BYTES),
    equity: at(STATE_BYTES + stride),
    returns: at(STATE_BYTES + 2 * stride),
    state: new Float64Array(memory.buffer, 0, 5),
    markHeld: wasm.markHeld,
    markFlat: wasm.markFlat,
    sumSquaredDeviations: wasm.sumSquaredDeviations,
  };
  buffers.close.set(close);
  return buffers;
}
