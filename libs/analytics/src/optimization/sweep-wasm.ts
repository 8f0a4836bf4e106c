import { BandRule, CrossingRule } from '@nautilus/domain';
import { ReturnDeviations } from './segment-metrics';
import { SWEEP_WASM_BASE64 } from './sweep-wasm.generated';

// The slice of the WebAssembly JS API used here (the project's `lib` leaves out the DOM, which
// is where TypeScript declares it).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
};

interface SweepExports {
  layout(close: number, equity: number, returns: number, decisionBars: number, decisionTargets: number): void;
  markHeld(from: number, to: number): void;
  markFlat(from: number, to: number): void;
  crossings(fast: number, slow: number, from: number, to: number, up: number, down: number): number;
  bandDecisions(series: number, n: number, enterLong: number, enterShort: number, exitLong: number, exitShort: number, size: number): number;
  sumSquaredDeviations(from: number, to: number, m: number): number;
}

/**
 * Slots of {@link SweepBuffers.state}, as assembly/sweep.ts numbers them: four lanes of sums from
 * `sum` and from `downside` (by return index mod 4), then the drawdown, the last equity, and the
 * cash, units and per-bar risk-free rate the marks read.
 */
export const HeldState = { sum: 0, downside: 4, peak: 8, maxDrawdown: 9, prev: 10, cash: 11, units: 12, rf: 13 } as const;

const PAGE = 65_536;
const STATE_BYTES = 128;

let compiled: object | undefined;

/**
 * One run's bars in WebAssembly memory, for a parameter sweep on one symbol: the closes (a copy),
 * the equity, returns and decisions the sweep writes, and the per-bar loops that run there at
 * close to native speed. The marks continue from and leave their sums in `state`. Indicator arrays
 * are copied in on first use and stay for the buffers' life. The arrays are views that are
 * replaced when the memory grows, so read them from the buffers after listing decisions.
 */
export class SweepBuffers implements ReturnDeviations {
  close!: Float64Array;
  equity!: Float64Array;
  /** returns[i − 1] = equity[i] / equity[i − 1] − 1. */
  returns!: Float64Array;
  state!: Float64Array;
  decisionBars!: Int32Array;
  decisionTargets!: Float64Array;
  /** Marks bars [from, to) holding state's units beside its cash, continuing the sums and drawdown in `state`. */
  readonly markHeld: (from: number, to: number) => void;
  /** Marks bars [from, to) of a flat account holding state's cash: that equity, zero returns and their shortfalls. */
  readonly markFlat: (from: number, to: number) => void;
  readonly sumSquaredDeviations: (from: number, to: number, m: number) => number;

  private readonly memory: WasmMemory;
  private readonly wasm: SweepExports;
  private readonly n: number;
  private readonly stride: number;
  private readonly placed = new Map<Float64Array, number>();
  private end: number;

  /** Buffers for a run over `close` (n bars) in a WebAssembly instance of their own. */
  constructor(close: Float64Array) {
    compiled ??= new WebAssembly.Module(Buffer.from(SWEEP_WASM_BASE64, 'base64'));
    this.n = close.length;
    // Each array starts on a 16-byte boundary, which the vector loads prefer.
    this.stride = Math.ceil((8 * Math.max(close.length, 1)) / 16) * 16;
    this.end = STATE_BYTES + 5 * this.stride;
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(this.end / PAGE) });
    this.wasm = new WebAssembly.Instance(compiled, { env: { memory: this.memory } }).exports as SweepExports;
    const at = (slot: number) => STATE_BYTES + slot * this.stride;
    this.wasm.layout(at(0), at(1), at(2), at(3), at(4));
    this.markHeld = this.wasm.markHeld;
    this.markFlat = this.wasm.markFlat;
    this.sumSquaredDeviations = this.wasm.sumSquaredDeviations;
    this.views();
    this.close.set(close);
  }

  /**
   * Lists the decisions of `rule` on the one symbol into `decisionBars` and `decisionTargets` and
   * returns how many there are: domain's crossing list, in WebAssembly.
   */
  crossings(rule: CrossingRule): number {
    const fast = this.place(rule.fast);
    const slow = this.place(rule.slow);
    return this.wasm.crossings(fast, slow, rule.first, this.n, rule.up, rule.down);
  }

  /**
   * Lists the decisions of `rule` on the one symbol into `decisionBars` and `decisionTargets` and
   * returns how many there are: domain's band list, in WebAssembly.
   */
  bandDecisions(rule: BandRule): number {
    const series = this.place(rule.series);
    return this.wasm.bandDecisions(series, this.n, rule.enterLong, rule.enterShort, rule.exitLong, rule.exitShort, rule.size);
  }

  /** Returns the byte address of a copy of `series` in memory, copying it on first use. */
  private place(series: Float64Array): number {
    let at = this.placed.get(series);
    if (at === undefined) {
      at = this.end;
      this.end += Math.ceil(series.byteLength / 16) * 16;
      const size = this.memory.buffer.byteLength;
      if (this.end > size) {
        // At least doubling, so a sweep's few hundred series cost a handful of grows, not one each.
        this.memory.grow(Math.max(Math.ceil((this.end - size) / PAGE), size / PAGE));
        this.views();
      }
      new Float64Array(this.memory.buffer, at, series.length).set(series);
      this.placed.set(series, at);
    }
    return at;
  }

  /** (Re)creates the views, which a growing memory detaches. */
  private views(): void {
    const n = this.n;
    const buffer = this.memory.buffer;
    const at = (slot: number) => STATE_BYTES + slot * this.stride;
    this.state = new Float64Array(buffer, 0, STATE_BYTES / 8);
    this.close = new Float64Array(buffer, at(0), n);
    this.equity = new Float64Array(buffer, at(1), n);
    this.returns = new Float64Array(buffer, at(2), n);
    this.decisionBars = new Int32Array(buffer, at(3), n);
    this.decisionTargets = new Float64Array(buffer, at(4), n);
  }
}
