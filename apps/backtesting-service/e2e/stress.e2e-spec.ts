import { INestApplication } from '@nestjs/common';
import { stressTest, HISTORICAL_SCENARIOS } from '@nautilus/analytics';
import { sliceBarSeriesByTime } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import request from 'supertest';
import { createTestApp, validBody } from './test-app';

jest.setTimeout(60_000);

describe('POST /stress-test', () => {
  let app: INestApplication;
  let baseId: string;
  beforeAll(async () => {
    app = await createTestApp();
    baseId = (await request(app.getHttpServer()).post('/backtests').send(validBody()).expect(202)).body.execution_id;
  });
  afterAll(async () => {
    await app.close();
  });

  it('replays the strategy on shocked prices, as the library does', async () => {
    const res = await request(app.getHttpServer())
      .post('/stress-test')
      .send({
        backtest_id: baseId,
        shock_date: '2008-09-15',
        scenarios: [{ name: 'gap down', market_shocks: { GOOG: -0.25 }, volatility_multipliers: { '*': 2 }, duration_days: 5, probability: 0.1 }],
        historical_scenarios: ['covid_crash_2020'],
        monte_carlo_var: { n_paths: 500, horizon_days: 21, seed: 1 },
      })
      .expect(200);
    const body = res.body;
    expect(body.shock_date).toBe('2008-09-15T00:00:00.000Z');
    expect(body.scenarios.map((s: { name: string }) => s.name)).toEqual(['gap down', 'covid_crash_2020']);
    const goog = loadSharedData('GOOG.csv');
    const shockIndex = Array.from(goog.time).findIndex((t) => t >= Date.UTC(2008, 8, 15));
    const direct = stressTest({
      series: [goog],
      strategyId: 'sma_crossover',
      parameters: { fast: 10, slow: 30, allow_short: true },
      config: { initialCapital: 10_000, closeAtEnd: false },
      shockIndex,
      scenarios: [{ name: 'gap down', marketShocks: { GOOG: -0.25 }, volatilityMultipliers: { '*': 2 }, durationDays: 5, probability: 0.1 }, HISTORICAL_SCENARIOS.covid_crash_2020],
      monteCarloVar: { nPaths: 500, nSteps: 21, seed: 1 },
    });
    body.scenarios.forEach((s: { performance_impact_pct: number; max_drawdown_change_pct: number; probability_weighted_impact_pct: number }, j: number) => {
      expect(s.performance_impact_pct).toBeCloseTo(direct.outcomes[j].performanceImpactPct, 9);
      expect(s.max_drawdown_change_pct).toBeCloseTo(direct.outcomes[j].maxDrawdownChangePct, 9);
      expect(s.probability_weighted_impact_pct).toBeCloseTo(direct.outcomes[j].probabilityWeightedImpactPct, 9);
    });
    expect(body.summary.worst_case).toBe(direct.worst.scenario.name);
    body.scenarios.forEach((s: { monte_carlo_var: Record<string, number> }, j: number) => {
      const mc = direct.outcomes[j].monteCarloVar;
      expect(s.monte_carlo_var).toEqual({ horizon_days: 21, n_paths: 500, var_95_pct: expect.any(Number), cvar_95_pct: expect.any(Number), var_99_pct: expect.any(Number) });
      expect(s.monte_carlo_var.var_95_pct).toBeCloseTo((mc?.var95 ?? NaN) * 100, 9);
      expect(s.monte_carlo_var.cvar_95_pct).toBeCloseTo((mc?.cvar95 ?? NaN) * 100, 9);
      expect(s.monte_carlo_var.var_99_pct).toBeCloseTo((mc?.var99 ?? NaN) * 100, 9);
    });
    expect(body.scenarios[0].monte_carlo_var.var_95_pct).toBeLessThan(0);
    expect(body.baseline.total_return_pct).toBeCloseTo(419.5995, 3);
  });

  it("shocks every symbol on the shock date, though ORCL's bars start four years before GOOG's", async () => {
    const body = validBody({ symbols: ['GOOG', 'ORCL'], start_date: '2000-01-03', strategy_id: 'buy_and_hold', strategy_parameters: {} });
    const id = (await request(app.getHttpServer()).post('/backtests').send(body).expect(202)).body.execution_id;
    const scenarios: { name: string; market_shocks: Record<string, number> }[] = [
      { name: 'orcl', market_shocks: { ORCL: -0.5 } },
      { name: 'goog', market_shocks: { GOOG: -0.2 } },
    ];
    const res = await request(app.getHttpServer()).post('/stress-test').send({ backtest_id: id, shock_date: '2008-09-15', scenarios }).expect(200);
    expect(res.body.shock_date).toBe('2008-09-15T00:00:00.000Z');
    const series = [loadSharedData('GOOG.csv'), loadSharedData('orcl-1995-2014.txt', 'ORCL')].map((s) => sliceBarSeriesByTime(s, Date.parse('2000-01-03'), Date.parse('2013-03-01T23:59:59.999Z')));
    const direct = stressTest({
      series,
      strategyId: 'buy_and_hold',
      parameters: {},
      config: { initialCapital: 10_000, closeAtEnd: false },
      shockTime: Date.UTC(2008, 8, 15),
      scenarios: scenarios.map((s) => ({ name: s.name, marketShocks: s.market_shocks, probability: 0 })),
    });
    expect(direct.shockTime).toBe(Date.UTC(2008, 8, 15));
    // Buy and hold puts half the capital in each symbol; a 50 % ORCL fall takes half of ORCL's final
    // value (83 points of return), where a shock placed on ORCL's own bar index fell before the common bars and took nothing.
    expect(res.body.scenarios[0].performance_impact_pct).toBeLessThan(-50);
    expect(res.body.scenarios[1].performance_impact_pct).toBeLessThan(-50);
    res.body.scenarios.forEach((s: { performance_impact_pct: number }, j: number) => expect(s.performance_impact_pct).toBeCloseTo(direct.outcomes[j].performanceImpactPct, 9));
  });

  it('runs off the API thread: /health answers while a long stress test computes', async () => {
    const scenarios = Array.from({ length: 12 }, (_, j) => ({ name: `shock ${j}`, market_shocks: { '*': -0.01 * (j + 1) } }));
    const order: string[] = [];
    const stress = request(app.getHttpServer())
      .post('/stress-test')
      .send({ backtest_id: baseId, scenarios, monte_carlo_var: { n_paths: 20_000, horizon_days: 252, seed: 3 } })
      .then((res) => {
        expect(res.status).toBe(200);
        order.push('stress');
      });
    // Give the request time to reach the worker; on the API thread its 60 M draws would hold the
    // event loop for seconds and /health would wait behind them.
    await new Promise((r) => setTimeout(r, 300));
    await request(app.getHttpServer()).get('/health').expect(200);
    order.push('health');
    await stress;
    expect(order).toEqual(['health', 'stress']);
  });

  it('rejects bad scenarios naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ backtest_id: '00000000-0000-4000-8000-000000000000', historical_scenarios: ['covid_crash_2020'] }, 'backtest_id'],
      [{}, 'scenarios'],
      [{ historical_scenarios: ['alien_invasion'] }, 'historical_scenarios'],
      [{ scenarios: [{ name: 'x', market_shocks: { MSFT: -0.1 } }] }, 'scenarios[0].market_shocks.MSFT'],
      [{ scenarios: [{ name: 'x', market_shocks: { '*': 'lots' } }] }, 'scenarios[0].market_shocks.*'],
      [{ scenarios: [{ name: 'x', market_shocks: { '*': -2 } }] }, 'scenarios[0].market_shocks.*'],
      [{ scenarios: [{ name: 'x', market_shocks: { '*': -0.1 }, probability: 3 }] }, 'scenarios[0].probability'],
      [{ historical_scenarios: ['covid_crash_2020'], shock_date: '1990-01-01' }, 'shock_date'],
    ];
    for (const [patch, field] of cases) {
      const res = await request(app.getHttpServer()).post('/stress-test').send({ backtest_id: baseId, ...patch }).expect(400);
      expect(res.body.field).toBe(field);
    }
  });
});
