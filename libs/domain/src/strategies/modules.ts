import { StrategyContext, StrategySetup } from '../engine/event/strategy';
import { AlignedMarket } from '../engine/market-data';
import { ValidationError } from '../errors/domain-error';
import { ParameterSchema, parseParameters, ParameterValues } from './parameters';
import { StrategyDefinition } from './strategy-definition';

/** Scratch space of one run of an `onBar` module: a fresh empty object per run. */
export type StrategyModuleState = Record<string, unknown>;

/**
 * The default export of a strategy module file (docs/strategy-modules.md): a strategy written
 * either as `signals` (vectorized: the whole target-weight matrix at once) or as `onBar`
 * (event-driven: orders and targets through the broker, bar by bar). Exactly one of the two.
 */
export interface StrategyModule {
  /** The `strategy_id`: snake_case letters, digits and _. */
  readonly id: string;
  readonly description: string;
  readonly parameters: ParameterSchema;
  /** Symbols a run needs at least (default 1) and at most (default unbounded). */
  readonly minSymbols?: number;
  readonly maxSymbols?: number;
  /** Cross-parameter constraints; returns the offending parameter and why, or undefined. */
  checkConstraints?(params: ParameterValues): { field: string; expected: string; found: string } | undefined;
  /** Bars consumed before the first possible decision (default 0). */
  warmupBars?(params: ParameterValues): number;
  /**
   * Returns the column-major n × k matrix of target weights decided on each bar's close
   * (`out[s * n + i]` for symbol s on bar i; NaN = no change). Value i may read bars ≤ i only.
   */
  signals?(market: AlignedMarket, params: ParameterValues): Float64Array;
  /** Called once before the first bar of an `onBar` run, to precompute causal indicators into `state`. */
  init?(setup: StrategySetup, params: ParameterValues, state: StrategyModuleState): void;
  /** Called on every bar's close with the broker context, as {@link EventStrategy.onBar}. */
  onBar?(ctx: StrategyContext, params: ParameterValues, state: StrategyModuleState): void;
}

const MODULE_FIELDS: readonly (keyof StrategyModule)[] = [
  'id',
  'description',
  'parameters',
  'minSymbols',
  'maxSymbols',
  'checkConstraints',
  'warmupBars',
  'signals',
  'init',
  'onBar',
];
const FUNCTION_FIELDS = ['checkConstraints', 'warmupBars', 'signals', 'init', 'onBar'] as const;
const PARAMETER_TYPES = ['integer', 'number', 'boolean'];

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function describe(x: unknown): string {
  if (typeof x === 'function') return 'a function';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object' && x !== null) return Object.prototype.toString.call(x);
  return typeof x === 'string' ? JSON.stringify(x) : String(x);
}

/** Checks the shape of each parameter spec; the defaults are then checked against their own bounds. */
function checkSchema(schema: unknown, field: string): ParameterSchema {
  if (!isRecord(schema)) throw new ValidationError(field, 'an object of parameter specs ({} for none)', describe(schema));
  for (const [name, spec] of Object.entries(schema)) {
    const at = `${field}.${name}`;
    if (!isRecord(spec)) throw new ValidationError(at, '{ type, default, min?, max?, description }', describe(spec));
    if (!PARAMETER_TYPES.includes(spec.type as string)) throw new ValidationError(`${at}.type`, `one of ${PARAMETER_TYPES.join(', ')}`, describe(spec.type));
    if (typeof spec.description !== 'string') throw new ValidationError(`${at}.description`, 'a string', describe(spec.description));
    for (const bound of ['min', 'max'] as const) {
      const v = spec[bound];
      if (v !== undefined && (spec.type === 'boolean' || typeof v !== 'number' || !Number.isFinite(v))) {
        throw new ValidationError(`${at}.${bound}`, spec.type === 'boolean' ? 'no bound on a boolean' : 'a finite number', describe(v));
      }
    }
    if (typeof spec.min === 'number' && typeof spec.max === 'number' && spec.min > spec.max) throw new ValidationError(`${at}.max`, `≥ min (${spec.min})`, String(spec.max));
  }
  const checked = schema as unknown as ParameterSchema;
  // Validating no input fills and checks every default, naming `<field>.<name>` on failure.
  parseParameters(checked, {}, field);
  return Object.freeze({ ...checked });
}

function checkSymbolCount(value: unknown, field: string, least: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < least) throw new ValidationError(field, `an integer ≥ ${least}`, describe(value));
  return value;
}

/**
 * Returns the {@link StrategyDefinition} of a strategy module's default export, checked once:
 * every error is a {@link ValidationError} whose field names the module and its field, as
 * `strategy_modules[<source>].parameters.fast.default`. Results a module returns at run time
 * (`warmupBars`, the `signals` matrix) are checked on every run, naming the same way.
 *
 * A `signals` module becomes a decider that reads its precomputed matrix, so it runs on both
 * engines with the same trades. An `onBar` module becomes an event-only definition
 * ({@link StrategyDefinition.eventStrategy}) with a fresh `state` per run; it cannot feed the
 * vectorized engine or a parameter search.
 */
export function strategyFromModule(mod: unknown, source: string): StrategyDefinition {
  const root = `strategy_modules[${source}]`;
  if (!isRecord(mod)) throw new ValidationError(root, 'a default export: an object with id, description, parameters and signals or onBar', describe(mod));
  for (const key of Object.keys(mod)) {
    if (!(MODULE_FIELDS as readonly string[]).includes(key)) throw new ValidationError(`${root}.${key}`, `one of ${MODULE_FIELDS.join(', ')}`, 'an unknown field');
  }
  const { id, description } = mod;
  if (typeof id !== 'string' || !/^[a-z][a-z0-9_]*$/.test(id)) throw new ValidationError(`${root}.id`, 'snake_case letters, digits and _', describe(id));
  if (typeof description !== 'string' || description.trim() === '') throw new ValidationError(`${root}.description`, 'a non-empty string', describe(description));
  for (const key of FUNCTION_FIELDS) {
    if (mod[key] !== undefined && typeof mod[key] !== 'function') throw new ValidationError(`${root}.${key}`, 'a function', describe(mod[key]));
  }
  const parameters = checkSchema(mod.parameters, `${root}.parameters`);
  const minSymbols = checkSymbolCount(mod.minSymbols, `${root}.minSymbols`, 1) ?? 1;
  const maxSymbols = checkSymbolCount(mod.maxSymbols, `${root}.maxSymbols`, minSymbols);
  const m = mod as unknown as StrategyModule;
  if (!m.signals && !m.onBar) throw new ValidationError(`${root}.signals`, 'signals(market, params) or onBar(ctx, params, state)', 'neither');
  if (m.signals && m.onBar) throw new ValidationError(`${root}.onBar`, 'only one of signals and onBar, so that both engines give the same trades', 'both');
  if (m.init && !m.onBar) throw new ValidationError(`${root}.init`, 'onBar beside it (init prepares an onBar run)', 'signals');

  const warmupBars = (params: ParameterValues): number => {
    const bars = m.warmupBars ? m.warmupBars(params) : 0;
    if (!Number.isInteger(bars) || bars < 0) throw new ValidationError(`${root}.warmupBars`, 'a returned integer ≥ 0', describe(bars));
    return bars;
  };
  const constraints = m.checkConstraints;
  const common = {
    id,
    description,
    parameters,
    minSymbols,
    ...(maxSymbols === undefined ? {} : { maxSymbols }),
    ...(constraints ? { checkConstraints: (p: ParameterValues) => constraints.call(m, p) } : {}),
    warmupBars,
  };

  if (m.onBar) {
    const onBar = m.onBar;
    return Object.freeze({
      ...common,
      prepare: () => {
        throw new ValidationError('strategy_id', 'a strategy with a vectorized form (signals) for signal matrices and parameter searches', `${id}, an onBar module`);
      },
      eventStrategy: (_market: AlignedMarket, params: ParameterValues) => {
        const state: StrategyModuleState = {};
        return {
          init: (setup: StrategySetup) => m.init?.(setup, params, state),
          onBar: (ctx: StrategyContext) => onBar.call(m, ctx, params, state),
        };
      },
    });
  }

  const signals = m.signals as NonNullable<StrategyModule['signals']>;
  return Object.freeze({
    ...common,
    prepare: (market: AlignedMarket, params: ParameterValues) => {
      const { n, k } = market;
      const target: unknown = signals.call(m, market, params);
      // toString rather than instanceof: a module loaded in another realm has its own Float64Array.
      if (Object.prototype.toString.call(target) !== '[object Float64Array]' || (target as Float64Array).length !== n * k) {
        const found = ArrayBuffer.isView(target) ? `${Object.prototype.toString.call(target)} of length ${(target as Float64Array).length}` : describe(target);
        throw new ValidationError(`${root}.signals`, `a returned Float64Array of n × k = ${n} × ${k} target weights`, found);
      }
      const weights = target as Float64Array;
      for (let j = 0; j < weights.length; j++) {
        const w = weights[j];
        if (w === Infinity || w === -Infinity) throw new ValidationError(`${root}.signals`, 'finite target weights or NaN (no change)', `${w} for ${market.symbols[Math.floor(j / n)]} at bar ${j % n}`);
      }
      return { decide: (i: number, s: number) => weights[s * n + i] };
    },
  });
}
