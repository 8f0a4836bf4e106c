import { alignMarket, BacktestConfigInput, BarSeries, StrategyRegistry, ValidationError } from '@nautilus/domain';
import { backtest } from '../backtest';
import { Stats } from '../metrics/compute-stats';
import { returnsFromEquity } from '../metrics/returns';
import { monteCarlo } from '../monte-carlo/monte-carlo';
import { checkScenario, StressScenario } from './scenarios';
import { shockSeries } from './shock-series';

/** A stress test: a strategy, its data, and the scenarios to replay it under. */
export interface StressTestRequest {
  readonly series: readonly BarSeries[];
  readonly strategyId: string;
  readonly parameters?: Record<string, unknown>;
  readonly config?: BacktestConfigInput;
  readonly scenarios: readonly StressScenario[];
  /**
   * Index, on the symbols' common bars (as alignMarket gives them), of the bar where shocks start;
   * default: the middle common bar. An index into one symbol's own series would fall on another
   * date for a symbol with a different history.
   */
  readonly shockIndex?: number;
  /** Time (epoch ms) instead of shockIndex: shocks start on the first common bar at or after it. */
  readonly shockTime?: number;
  readonly registry?: StrategyRegistry;
  /** When given, each scenario also gets a Monte Carlo VaR: a seeded i.i.d. bootstrap of its stressed returns. */
  readonly monteCarloVar?: MonteCarloVarSpec;
}

/** The bootstrap behind a scenario's Monte Carlo VaR. */
export interface MonteCarloVarSpec {
  readonly nPaths: number;
  /** Horizon in bars: each path compounds this many resampled returns. */
  readonly nSteps: number;
  readonly seed: number;
}

/**
 * Value at risk of a scenario's stressed returns over the horizon, as fractions of equity (losses
 * negative). NaN when the stressed run lost the whole account (equity at or below 0, possible with
 * shorts or leverage): past that bar its returns are ratios of debts, so there is nothing to resample.
 */
export interface MonteCarloVar {
  readonly nPaths: number;
  readonly nSteps: number;
  readonly var95: number;
  readonly cvar95: number;
  readonly var99: number;
}

/** How one scenario changed the run. Percent values are percentage points of change. */
export interface ScenarioOutcome {
  readonly scenario: StressScenario;
  readonly stats: Stats;
  /** Equity of the stressed run at each bar's close. */
  readonly equity: Float64Array;
  readonly performanceImpactPct: number;
  readonly maxDrawdownChangePct: number;
  readonly var95ChangePct: number;
  readonly probabilityWeightedImpactPct: number;
  readonly monteCarloVar?: MonteCarloVar;
}

/** Baseline, every scenario, and the worst case. */
export interface StressTestResult {
  readonly baseline: Stats;
  /** Index of the shock's first bar on the common bars, and that bar's time. */
  readonly shockIndex: number;
  readonly shockTime: number;
  readonly outcomes: readonly ScenarioOutcome[];
  readonly worst: ScenarioOutcome;
  /** Σ probability × impact over the scenarios. */
  readonly expectedImpactPct: number;
}

/** Returns the value of `symbol` in `map`, its key matched without case as checkScenario accepts it, else '*', else `fallback`. */
function valueFor(map: Readonly<Record<string, number>> | undefined, symbol: string, fallback: number): number {
  if (!map) return fallback;
  const key = Object.keys(map).find((k) => k.toUpperCase() === symbol.toUpperCase());
  return (key === undefined ? undefined : map[key]) ?? map['*'] ?? fallback;
}

/** The date of `t` (epoch ms), or `t` itself when it is no representable date. */
function isoDate(t: number): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString().slice(0, 10);
}

/** Returns the common-bar index where shocks start; throws a ValidationError naming shock_date unless a bar before it exists. */
function shockIndexOn(time: Float64Array, request: StressTestRequest): number {
  const n = time.length;
  if (request.shockIndex !== undefined && request.shockTime !== undefined) throw new ValidationError('shock_date', 'a shock index or a shock time, not both', `${request.shockIndex} and ${request.shockTime}`);
  const at = request.shockTime;
  if (at !== undefined) {
    const found = Number.isFinite(at) ? time.findIndex((t) => t >= at) : -1;
    if (found < 1) throw new ValidationError('shock_date', `a date on the symbols' common bars after the first (${isoDate(time[Math.min(1, n - 1)])} … ${isoDate(time[n - 1])})`, isoDate(at));
    return found;
  }
  const index = request.shockIndex ?? Math.floor(n / 2);
  if (!Number.isInteger(index) || index < 1 || index >= n) throw new ValidationError('shock_date', `a bar after the first and within the data (1…${n - 1})`, String(index));
  return index;
}

/**
 * Replays the strategy on shocked price paths, one run per scenario, and reports how return,
 * drawdown and VaR changed against the unshocked run: the strategy trades the stressed data, so
 * its reaction (stops, exits, reversals) is part of the result, not a formula on the final number.
 */
export function stressTest(request: StressTestRequest): StressTestResult {
  if (request.scenarios.length === 0) throw new ValidationError('scenarios', 'at least one scenario', 'none');
  // Shocks are placed on the common bars the run trades, so one index is one date for every symbol.
  const market = alignMarket(request.series);
  const n = market.n;
  const shockIndex = shockIndexOn(market.time, request);
  // Every scenario is checked before the first backtest, so an error names the field it came from.
  const symbols = market.symbols;
  request.scenarios.forEach((scenario, j) => checkScenario(scenario, `scenarios[${j}]`, symbols));
  const base = { strategyId: request.strategyId, ...(request.parameters ? { parameters: request.parameters } : {}), ...(request.config ? { config: request.config } : {}), ...(request.registry ? { registry: request.registry } : {}) };
  const baseline = backtest({ ...base, series: market.series }).stats;
  const outcomes = request.scenarios.map((scenario) => {
    const p = scenario.probability ?? 0;
    const stressed = market.series.map((s) =>
      shockSeries(s, {
        shock: valueFor(scenario.marketShocks, s.symbol, 0),
        startIndex: shockIndex,
        durationBars: Math.min(scenario.durationDays ?? 1, n - shockIndex),
        volatilityMultiplier: valueFor(scenario.volatilityMultipliers, s.symbol, 1),
        volatilityBars: scenario.volatilityDays ?? 60,
      }),
    );
    const { stats, result } = backtest({ ...base, series: stressed, benchmark: stressed[0].close });
    const impact = stats.totalReturnPct - baseline.totalReturnPct;
    return {
      scenario,
      stats,
      equity: result.equity,
      performanceImpactPct: impact,
      maxDrawdownChangePct: stats.maxDrawdownPct - baseline.maxDrawdownPct,
      var95ChangePct: stats.valueAtRisk95Pct - baseline.valueAtRisk95Pct,
      probabilityWeightedImpactPct: p * impact,
      ...(request.monteCarloVar ? { monteCarloVar: monteCarloVarOf(result.equity, request.monteCarloVar, stats.periodsPerYear) } : {}),
    };
  });
  const worst = outcomes.reduce((a, b) => (b.performanceImpactPct < a.performanceImpactPct ? b : a));
  return { baseline, shockIndex, shockTime: market.time[shockIndex], outcomes, worst, expectedImpactPct: outcomes.reduce((s, o) => s + o.probabilityWeightedImpactPct, 0) };
}

function monteCarloVarOf(equity: Float64Array, spec: MonteCarloVarSpec, periodsPerYear: number): MonteCarloVar {
  if (equity.some((e) => e <= 0)) return { nPaths: spec.nPaths, nSteps: spec.nSteps, var95: NaN, cvar95: NaN, var99: NaN };
  const mc = monteCarlo({ method: 'bootstrap', returns: returnsFromEquity(equity), nPaths: spec.nPaths, nSteps: spec.nSteps, seed: spec.seed, periodsPerYear });
  return { nPaths: mc.nPaths, nSteps: mc.nSteps, var95: mc.var95, cvar95: mc.cvar95, var99: mc.var99 };
}
