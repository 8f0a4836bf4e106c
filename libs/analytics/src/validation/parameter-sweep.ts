import { computeSignals, IndicatorCache, inferPeriodsPerYear, Ledger, simulateTargets, simulationParamsOf } from '@nautilus/domain';
import { candidateSets, OptimizeRequest, planSearch, SearchPlan } from '../optimization/optimize';
import { SegmentMetrics } from '../optimization/objective';
import { annualizedReturn } from '../metrics/annualized-return';
import { calmarRatio } from '../metrics/calmar-ratio';
import { drawdownSummary } from '../metrics/drawdown';
import { sharpeRatio } from '../metrics/sharpe-ratio';
import { sortinoRatio } from '../metrics/sortino-ratio';

/** Per parameter set: its per-bar returns over the whole history and its closed trades' exits. */
export interface SweptSet {
  readonly parameters: Readonly<Record<string, number | boolean>>;
  /** returns[i] = equity[i] / equity[i − 1] − 1 for bar i ≥ 1; returns[0] = 0. */
  readonly returns: Float64Array;
  readonly tradeExitIndex: Int32Array;
  readonly tradePnl: Float64Array;
}

/**
 * Runs every candidate set of a search once over the whole history (decisions at bar t use bars
 * ≤ t only) and keeps its returns, so that studies can score any subset of bars without re-running.
 */
export function sweepReturns(request: OptimizeRequest): { plan: SearchPlan; sets: SweptSet[]; skipped: number; periodsPerYear: number } {
  const plan = planSearch({ ...request, method: 'grid', inSampleFraction: 1 });
  const { definition, market, config } = plan;
  const { n, k } = market;
  const candidates = candidateSets(plan);
  const sim = simulationParamsOf(config);
  const target = new Float64Array(n * k);
  const out = { equity: new Float64Array(n) };
  const cache: IndicatorCache = new Map();
  let ledger: Ledger | undefined;
  const sets = candidates.sets.map((parameters) => {
    computeSignals(definition, market, parameters, target, cache);
    ledger = simulateTargets(market.open, market.close, target, n, k, sim, out, ledger);
    const returns = new Float64Array(n);
    for (let i = 1; i < n; i++) returns[i] = out.equity[i] / out.equity[i - 1] - 1;
    const t = ledger.trades;
    return { parameters, returns, tradeExitIndex: t.exitIndex.slice(0, t.length), tradePnl: t.pnl.slice(0, t.length) };
  });
  return { plan, sets, skipped: candidates.skipped, periodsPerYear: config.periodsPerYear ?? inferPeriodsPerYear(market.time) };
}

/**
 * Returns the metrics of a set restricted to the bars `inBar` accepts: returns of those bars
 * compounded in order, and the trades that closed on them.
 */
export function metricsOnBars(set: SweptSet, inBar: (i: number) => boolean, from: number, to: number, periodsPerYear: number, riskFreeRate: number): SegmentMetrics {
  const picked: number[] = [];
  for (let i = Math.max(1, from); i < to; i++) if (inBar(i)) picked.push(set.returns[i]);
  const r = Float64Array.from(picked);
  const equity = new Float64Array(r.length + 1);
  equity[0] = 1;
  for (let i = 0; i < r.length; i++) equity[i + 1] = equity[i] * (1 + r[i]);
  let wins = 0;
  let count = 0;
  let gain = 0;
  let loss = 0;
  for (let t = 0; t < set.tradeExitIndex.length; t++) {
    const x = set.tradeExitIndex[t];
    if (x < from || x >= to || !inBar(x)) continue;
    count++;
    const p = set.tradePnl[t];
    if (p > 0) {
      wins++;
      gain += p;
    } else loss -= p;
  }
  const cagr = annualizedReturn(equity, periodsPerYear);
  const dd = drawdownSummary(equity).maxDrawdown;
  return {
    totalReturn: equity[equity.length - 1] - 1,
    annualizedReturn: cagr,
    sharpeRatio: sharpeRatio(r, periodsPerYear, riskFreeRate),
    sortinoRatio: sortinoRatio(r, periodsPerYear, riskFreeRate),
    calmarRatio: calmarRatio(cagr, dd),
    maxDrawdown: dd,
    profitFactor: count === 0 ? NaN : loss > 0 ? gain / loss : gain > 0 ? Infinity : NaN,
    numTrades: count,
    winRate: count ? wins / count : NaN,
  };
}
