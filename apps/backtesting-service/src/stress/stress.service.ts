import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HISTORICAL_SCENARIOS, StressScenario, stressTest, StressTestRequest, StressTestResult } from '@nautilus/analytics';
import { StrategyRegistry, ValidationError } from '@nautilus/domain';
import { WorkerPoolExecutor } from '@nautilus/hardware-router';
import { FrequencyAwareSource } from '@nautilus/marketdata-client';
import { barsOf, configOf } from '../backtests/backtests.mapper';
import { strategyBacktestOf } from '../backtests/base-backtest';
import { JOB_STORE, MARKET_DATA, STRATEGY_REGISTRY } from '../core/tokens';
import { JobStore } from '../jobs/job-store';
import { StressTestDto } from './dto/stress-test.dto';

const num = (x: number) => (Number.isFinite(x) ? x : null);

/** Built-in strategies exist in every thread; a user module strategy only in this one's registry. */
const BUILT_IN = new StrategyRegistry();

/**
 * Replays a backtest's strategy under shocked prices, one backtest per scenario (at most 23), with
 * an optional Monte Carlo VaR per scenario. The work runs on a worker thread of its own, started
 * with the first stress test, so the API thread keeps answering while it runs; a user module
 * strategy, which exists only in this thread's registry, runs here.
 */
@Injectable()
export class StressService implements OnApplicationShutdown {
  private pool?: WorkerPoolExecutor;

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(MARKET_DATA) private readonly market: FrequencyAwareSource,
    @Inject(STRATEGY_REGISTRY) private readonly registry: StrategyRegistry,
  ) {}

  async run(dto: StressTestDto) {
    const base = strategyBacktestOf(this.store, dto.backtest_id);
    const scenarios: StressScenario[] = [
      ...(dto.scenarios ?? []).map((s) => ({
        name: s.name,
        ...(s.description ? { description: s.description } : {}),
        marketShocks: s.market_shocks,
        ...(s.volatility_multipliers ? { volatilityMultipliers: s.volatility_multipliers } : {}),
        ...(s.duration_days ? { durationDays: s.duration_days } : {}),
        ...(s.volatility_days ? { volatilityDays: s.volatility_days } : {}),
        probability: s.probability ?? 0,
      })),
      ...(dto.historical_scenarios ?? []).map((name) => HISTORICAL_SCENARIOS[name]),
    ];
    if (scenarios.length === 0) throw new ValidationError('scenarios', 'at least one scenario or historical_scenarios entry', 'none');
    (dto.scenarios ?? []).forEach((s, j) => {
      for (const [field, map] of [['market_shocks', s.market_shocks], ['volatility_multipliers', s.volatility_multipliers ?? {}]] as const) {
        for (const [key, v] of Object.entries(map)) {
          if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError(`scenarios[${j}].${field}.${key}`, 'a finite number', JSON.stringify(v));
        }
      }
    });
    const series = await Promise.all(base.symbols.map((s) => barsOf(this.market, base, s)));
    const mc = dto.monte_carlo_var;
    const r = await this.stressTest({
      series,
      strategyId: base.strategy_id,
      parameters: base.strategy_parameters ?? {},
      config: configOf(base),
      scenarios,
      // A time, not an index into one symbol's bars: the library finds it on the bars all symbols share.
      ...(dto.shock_date ? { shockTime: Date.parse(dto.shock_date) } : {}),
      ...(mc ? { monteCarloVar: { nPaths: mc.n_paths ?? 2000, nSteps: mc.horizon_days ?? 21, seed: mc.seed ?? 0 } } : {}),
    });
    const metrics = (s: typeof r.baseline) => ({
      total_return_pct: num(s.totalReturnPct),
      max_drawdown_pct: num(s.maxDrawdownPct),
      value_at_risk_95_pct: num(s.valueAtRisk95Pct),
      sharpe_ratio: num(s.sharpeRatio),
      num_trades: s.numTrades,
    });
    return {
      backtest_id: dto.backtest_id,
      strategy_id: base.strategy_id,
      shock_date: new Date(r.shockTime).toISOString(),
      baseline: metrics(r.baseline),
      scenarios: r.outcomes.map((o) => ({
        name: o.scenario.name,
        description: o.scenario.description ?? null,
        probability: o.scenario.probability ?? 0,
        performance_impact_pct: num(o.performanceImpactPct),
        max_drawdown_change_pct: num(o.maxDrawdownChangePct),
        var_95_change_pct: num(o.var95ChangePct),
        probability_weighted_impact_pct: num(o.probabilityWeightedImpactPct),
        stressed: metrics(o.stats),
        ...(o.monteCarloVar
          ? {
              monte_carlo_var: {
                horizon_days: o.monteCarloVar.nSteps,
                n_paths: o.monteCarloVar.nPaths,
                var_95_pct: num(o.monteCarloVar.var95 * 100),
                cvar_95_pct: num(o.monteCarloVar.cvar95 * 100),
                var_99_pct: num(o.monteCarloVar.var99 * 100),
              },
            }
          : {}),
      })),
      summary: {
        worst_case: r.worst.scenario.name,
        worst_performance_impact_pct: num(r.worst.performanceImpactPct),
        expected_impact_pct: num(r.expectedImpactPct),
        scenarios: r.outcomes.length,
      },
    };
  }

  private stressTest(request: Omit<StressTestRequest, 'registry'>): Promise<StressTestResult> | StressTestResult {
    if (!BUILT_IN.has(request.strategyId)) return stressTest({ ...request, registry: this.registry });
    this.pool ??= new WorkerPoolExecutor(1);
    return this.pool.run('stress_test', request);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.close();
  }
}
