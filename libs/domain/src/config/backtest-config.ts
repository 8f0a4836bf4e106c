import { ValidationError } from '../errors/domain-error';
import { FillTiming, SimulationParams } from '../kernels/simulate-targets';

/** Commission schedule of one order: max(minimum, fixed + perUnit × units + rate × notional). */
export interface CommissionConfig {
  /** Fraction of notional, e.g. 0.001 for 0.1 %. */
  readonly rate: number;
  readonly perUnit: number;
  readonly fixed: number;
  readonly minimum: number;
}

/** A validated, immutable backtest configuration. Build it with {@link parseBacktestConfig}. */
export interface BacktestConfig {
  readonly initialCapital: number;
  readonly commission: CommissionConfig;
  readonly slippageBps: number;
  readonly fillTiming: FillTiming;
  /** Units trade in multiples of this; 0 allows fractional units. */
  readonly lotSize: number;
  /** Maximum gross exposure as a multiple of equity for target-sized orders. */
  readonly leverage: number;
  /** Close open positions at the last bar's close so that every trade is counted. */
  readonly closeAtEnd: boolean;
  /** Annual risk-free rate as a fraction, used by Sharpe and Sortino. */
  readonly riskFreeRate: number;
  /** Bars per year for annualisation; inferred from the timestamps when absent. */
  readonly periodsPerYear?: number;
}

/** Loosely typed input of {@link parseBacktestConfig}; every field is optional and defaulted. */
export interface BacktestConfigInput {
  readonly initialCapital?: unknown;
  readonly commission?: Partial<Record<keyof CommissionConfig, unknown>> | number;
  readonly slippageBps?: unknown;
  readonly fillTiming?: unknown;
  readonly lotSize?: unknown;
  readonly leverage?: unknown;
  readonly closeAtEnd?: unknown;
  readonly riskFreeRate?: unknown;
  readonly periodsPerYear?: unknown;
}

/** Defaults: 10,000 of capital, no costs, next-open fills, whole units, no leverage, close at end. */
export const DEFAULT_BACKTEST_CONFIG: BacktestConfig = Object.freeze({
  initialCapital: 10_000,
  commission: Object.freeze({ rate: 0, perUnit: 0, fixed: 0, minimum: 0 }),
  slippageBps: 0,
  fillTiming: 'next_open',
  lotSize: 1,
  leverage: 1,
  closeAtEnd: true,
  riskFreeRate: 0,
});

function num(field: string, value: unknown, fallback: number, min: number, max = Infinity, minExclusive = false): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValidationError(field, 'a finite number', JSON.stringify(value));
  if (minExclusive ? value <= min : value < min) throw new ValidationError(field, `a number ${minExclusive ? '>' : '≥'} ${min}`, String(value));
  if (value > max) throw new ValidationError(field, `a number ≤ ${max}`, String(value));
  return value;
}

/** Validates `input` once and returns a frozen {@link BacktestConfig}; throws {@link ValidationError} naming the field. */
export function parseBacktestConfig(input: BacktestConfigInput = {}): BacktestConfig {
  const d = DEFAULT_BACKTEST_CONFIG;
  const c = typeof input.commission === 'number' ? { rate: input.commission } : input.commission ?? {};
  const fillTiming = input.fillTiming ?? d.fillTiming;
  if (fillTiming !== 'next_open' && fillTiming !== 'same_close') {
    throw new ValidationError('fillTiming', "'next_open' or 'same_close'", JSON.stringify(fillTiming));
  }
  const closeAtEnd = input.closeAtEnd ?? d.closeAtEnd;
  if (typeof closeAtEnd !== 'boolean') throw new ValidationError('closeAtEnd', 'a boolean', JSON.stringify(closeAtEnd));
  const periodsPerYear = input.periodsPerYear === undefined ? undefined : num('periodsPerYear', input.periodsPerYear, 252, 0, Infinity, true);
  return Object.freeze({
    initialCapital: num('initialCapital', input.initialCapital, d.initialCapital, 0, 1e15, true),
    commission: Object.freeze({
      rate: num('commission.rate', c.rate, 0, 0, 0.5),
      perUnit: num('commission.perUnit', c.perUnit, 0, 0),
      fixed: num('commission.fixed', c.fixed, 0, 0),
      minimum: num('commission.minimum', c.minimum, 0, 0),
    }),
    slippageBps: num('slippageBps', input.slippageBps, d.slippageBps, 0, 5_000),
    fillTiming,
    lotSize: num('lotSize', input.lotSize, d.lotSize, 0),
    leverage: num('leverage', input.leverage, d.leverage, 0, 100, true),
    closeAtEnd,
    riskFreeRate: num('riskFreeRate', input.riskFreeRate, d.riskFreeRate, -1, 1),
    ...(periodsPerYear === undefined ? {} : { periodsPerYear }),
  });
}

/** Returns the kernel parameters of `config`, for a strategy whose targets are rebalances when `rebalance` is set. */
export function simulationParamsOf(config: BacktestConfig, rebalance = false): SimulationParams {
  return {
    initialCash: config.initialCapital,
    commissionRate: config.commission.rate,
    commissionPerUnit: config.commission.perUnit,
    commissionFixed: config.commission.fixed,
    commissionMin: config.commission.minimum,
    slippageBps: config.slippageBps,
    lotSize: config.lotSize,
    fillTiming: config.fillTiming,
    closeAtEnd: config.closeAtEnd,
    leverage: config.leverage,
    rebalance,
  };
}
