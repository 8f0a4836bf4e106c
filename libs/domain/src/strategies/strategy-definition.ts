import { AlignedMarket } from '../engine/market-data';
import { EventStrategy, StrategyContext } from '../engine/event/strategy';
import { ParameterSchema, ParameterValue, ParameterValues } from './parameters';

/**
 * Per-run decision logic shared by both engines: `decide(i, s)` returns the target weight of
 * symbol s decided on bar i's close (NaN = no decision), reading only data at indices ≤ i.
 * Calls come in bar order, then symbol order, so a decider may keep state between calls.
 */
export interface Decider {
  decide(i: number, s: number): number;
  /**
   * Writes, for symbol `s` of a fresh decider, the bars where `decide(i, s)` is finite, in bar
   * order, into `bars` and those targets into `targets`, and returns how many there are. Optional,
   * for deciders whose symbols decide independently and whose decisions are a plain loop over
   * indicator arrays: signal passes then run as one tight loop per symbol instead of a call per
   * bar, and a sweep on one symbol simulates from the list, jumping from decision to decision.
   */
  decisions?(s: number, bars: Int32Array, targets: Float64Array): number;
  /**
   * The same decisions as data, for deciders that decide where one series crosses another: a
   * parameter sweep can then list them outside JavaScript (see `@nautilus/analytics`'s sweep).
   */
  readonly crossing?: CrossingRule;
  /** The same decisions as data, for deciders that enter and exit on levels of one series. */
  readonly band?: BandRule;
}

/**
 * Decisions where `fast` crosses `slow` (column-major n × k): on bar j of a symbol, `up` when fast
 * is above slow after a bar on or below it, `down` when below after a bar on or above it; a NaN on
 * either bar fires nothing. No cross can fire before bar `first` of any symbol.
 */
export interface CrossingRule {
  readonly fast: Float64Array;
  readonly slow: Float64Array;
  readonly first: number;
  readonly up: number;
  readonly down: number;
}

/**
 * Decisions of a state machine on the levels of `series` (column-major n × k), per symbol from
 * flat: from flat, `size` when the value falls below `enterLong`, or `−size` when it rises above
 * `enterShort`; from long, 0 when it rises to `exitLong` or above; from short, 0 when it falls to
 * `exitShort` or below. A NaN value changes nothing.
 */
export interface BandRule {
  readonly series: Float64Array;
  readonly enterLong: number;
  readonly enterShort: number;
  readonly exitLong: number;
  readonly exitShort: number;
  readonly size: number;
}

/**
 * Indicator arrays shared between runs on the same market (a parameter sweep computes SMA(10)
 * once, not once per parameter set). Keys name the indicator, its inputs and parameters.
 */
export type IndicatorCache = Map<string, Float64Array>;

/**
 * Returns a function giving the cache key `${prefix}:${window}`, the same string for the same
 * window: a sweep looks its indicators up once per parameter set, and a key built anew each time
 * is hashed anew each time (a quarter of a crossover sweep's per-set JavaScript).
 */
export function windowKeys(prefix: string): (window: number) => string {
  const keys = new Map<number, string>();
  return (window) => {
    let key = keys.get(window);
    if (key === undefined) {
      key = `${prefix}:${window}`;
      keys.set(window, key);
    }
    return key;
  };
}

/** Returns `cache[key]`, computing and storing it on first use; without a cache it just computes. */
export function cachedIndicator(cache: IndicatorCache | undefined, key: string, compute: () => Float64Array): Float64Array {
  if (!cache) return compute();
  let v = cache.get(key);
  if (!v) {
    v = compute();
    cache.set(key, v);
  }
  return v;
}

/** A built-in or user strategy: schema, constraints, and the decider both engines run. */
export interface StrategyDefinition {
  readonly id: string;
  readonly description: string;
  readonly parameters: ParameterSchema;
  /**
   * Validates raw parameters in place of the schema check, for strategies whose parameter names
   * are free-form (the `rules` strategy); throws {@link ValidationError} naming
   * `strategy_parameters.<name>`. Without it, {@link parseParameters} checks `parameters`.
   */
  validateParameters?(raw: unknown): Record<string, ParameterValue>;
  readonly minSymbols: number;
  readonly maxSymbols?: number;
  /** Cross-parameter constraints; returns the offending parameter and why, or undefined. */
  checkConstraints?(params: ParameterValues): { field: string; expected: string; found: string } | undefined;
  /** Bars consumed before the first possible decision. */
  warmupBars(params: ParameterValues): number;
  /**
   * Whether its targets are rebalances: each finite target trades its symbol back to that weight,
   * even when it repeats the last one (an allocation whose weights drift with prices in between).
   * Without it a repeated target means "keep holding" and trades nothing.
   */
  readonly rebalances?: boolean;
  /** Precomputes causal indicators over `market` (through `cache` when given) and returns the decider for one run. */
  prepare(market: AlignedMarket, params: ParameterValues, cache?: IndicatorCache): Decider;
  /**
   * Returns the strategy's own event-driven form for one run, for strategies that trade through the
   * broker (orders, positions, equity) rather than by target weights, which no decider can express.
   * A definition with it is event-only: {@link runStrategy} runs it on the event engine whichever
   * engine is asked, and its `prepare` throws, so signal matrices and parameter searches reject it.
   */
  eventStrategy?(market: AlignedMarket, params: ParameterValues): EventStrategy;
}

/** Room for one symbol's decision list, which a sweep passes to {@link computeSignals} to reuse. */
export interface DecisionScratch {
  readonly bars: Int32Array;
  readonly targets: Float64Array;
}

/**
 * Writes the column-major n × k target matrix of `definition` on `market` into `out`. A decider's
 * own list is gathered in `scratch` (length ≥ n) when given, else in arrays allocated per call.
 */
export function computeSignals(
  definition: StrategyDefinition,
  market: AlignedMarket,
  params: ParameterValues,
  out?: Float64Array,
  cache?: IndicatorCache,
  scratch?: DecisionScratch,
): Float64Array {
  const { n, k } = market;
  const target = out ?? new Float64Array(n * k);
  const decider = definition.prepare(market, params, cache);
  if (decider.decisions) {
    target.fill(NaN, 0, n * k);
    const bars = scratch?.bars ?? new Int32Array(n);
    const targets = scratch?.targets ?? new Float64Array(n);
    for (let s = 0; s < k; s++) {
      const count = decider.decisions(s, bars, targets);
      for (let j = 0; j < count; j++) target[s * n + bars[j]] = targets[j];
    }
    return target;
  }
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < k; s++) target[s * n + i] = decider.decide(i, s);
  }
  return target;
}

/**
 * Writes the decisions of `decider` on the one symbol of an n-bar market into `bars` and `targets`
 * and returns how many there are: its own list when it has one, else its finite targets.
 */
export function decisionsOf(decider: Decider, n: number, bars: Int32Array, targets: Float64Array): number {
  if (decider.decisions) return decider.decisions(0, bars, targets);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const t = decider.decide(i, 0);
    if (t === t) {
      bars[count] = i;
      targets[count++] = t;
    }
  }
  return count;
}

/**
 * Returns the event-driven form of `definition`: its own {@link StrategyDefinition.eventStrategy}
 * when it has one, else the twin of its decider, which decides in `onBar` and trades through targets.
 */
export function eventStrategyOf(definition: StrategyDefinition, params: ParameterValues, market: AlignedMarket): EventStrategy {
  if (definition.eventStrategy) return definition.eventStrategy(market, params);
  let decider: Decider | undefined;
  return {
    init: () => {
      decider = definition.prepare(market, params);
    },
    onBar: (ctx: StrategyContext) => {
      const d = decider as Decider;
      const rebalance = definition.rebalances === true;
      for (let s = 0; s < market.k; s++) {
        const t = d.decide(ctx.index, s);
        if (t === t) ctx.setTarget(s, t, { rebalance });
      }
    },
  };
}
