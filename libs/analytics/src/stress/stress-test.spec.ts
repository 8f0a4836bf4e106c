import { alignMarket, ValidationError } from '@nautilus/domain';
import { loadSharedData } from '@nautilus/domain/testing';
import { backtest } from '../backtest';
import { returnsFromEquity } from '../metrics/returns';
import { HISTORICAL_SCENARIOS, StressScenario } from './scenarios';
import { shockSeries } from './shock-series';
import { stressTest } from './stress-test';

const goog = loadSharedData('GOOG.csv');

describe('shockSeries', () => {
  it('leaves the past alone and moves the path by the shock from its start', () => {
    const s = shockSeries(goog, { shock: -0.2, startIndex: 1000, durationBars: 1, volatilityMultiplier: 1 });
    expect(Array.from(s.close.subarray(0, 1000))).toEqual(Array.from(goog.close.subarray(0, 1000)));
    // Instant gap: bar 1000 closes at 0.8 × its original close, and later bars keep their original ratios to it.
    expect(s.close[1000]).toBeCloseTo(goog.close[1000] * 0.8, 9);
    expect(s.close[2000] / s.close[1000]).toBeCloseTo(goog.close[2000] / goog.close[1000], 9);
    // Open/high/low keep their ratio to the close.
    expect(s.high[1500] / s.close[1500]).toBeCloseTo(goog.high[1500] / goog.close[1500], 12);
  });

  it('spreads a shock over its duration', () => {
    const s = shockSeries(goog, { shock: -0.3, startIndex: 500, durationBars: 10, volatilityMultiplier: 1 });
    // After 10 bars the path is 0.7 × the original; halfway it is 0.7^(5/10).
    expect(s.close[509] / goog.close[509]).toBeCloseTo(0.7, 9);
    expect(s.close[504] / goog.close[504]).toBeCloseTo(Math.sqrt(0.7), 9);
    expect(s.close[1500] / goog.close[1500]).toBeCloseTo(0.7, 9);
  });

  it('scales return deviations inside the volatility window', () => {
    const s = shockSeries(goog, { shock: 0, startIndex: 1000, durationBars: 1, volatilityMultiplier: 2, volatilityBars: 200 });
    const sd = (c: Float64Array) => {
      const r = Array.from({ length: 199 }, (_, k) => c[1001 + k] / c[1000 + k] - 1);
      const m = r.reduce((a, b) => a + b, 0) / r.length;
      return Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (r.length - 1));
    };
    expect(sd(s.close) / sd(goog.close)).toBeCloseTo(2, 6);
  });

  it('names the field of impossible shocks', () => {
    expect(() => shockSeries(goog, { shock: -1.5, startIndex: 10, durationBars: 1, volatilityMultiplier: 1 })).toThrow(/market_shocks/);
    expect(() => shockSeries(goog, { shock: -0.1, startIndex: 5000, durationBars: 1, volatilityMultiplier: 1 })).toThrow(/shock_date/);
  });
});

describe('stressTest', () => {
  it('re-runs the strategy on stressed data: buy and hold loses exactly the shock', () => {
    const r = stressTest({
      series: [goog],
      strategyId: 'buy_and_hold',
      config: { lotSize: 0 },
      scenarios: [
        { name: 'minus 20', marketShocks: { '*': -0.2 }, probability: 0.1 },
        { name: 'minus 40', marketShocks: { GOOG: -0.4 }, probability: 0.05 },
      ],
    });
    // Fully invested from bar 1: final equity × 0.8, so the return moves by −0.2 × (1 + baseline return).
    const base = r.baseline.totalReturnPct / 100;
    expect(r.outcomes[0].performanceImpactPct).toBeCloseTo(-20 * (1 + base), 6);
    expect(r.outcomes[1].performanceImpactPct).toBeCloseTo(-40 * (1 + base), 6);
    expect(r.outcomes[0].probabilityWeightedImpactPct).toBeCloseTo(0.1 * r.outcomes[0].performanceImpactPct, 12);
    expect(r.worst.scenario.name).toBe('minus 40');
    expect(r.expectedImpactPct).toBeCloseTo(0.1 * r.outcomes[0].performanceImpactPct + 0.05 * r.outcomes[1].performanceImpactPct, 12);
    expect(r.outcomes[1].maxDrawdownChangePct).toBeLessThan(0);
    expect(r.shockIndex).toBe(1074);
    expect(r.shockTime).toBe(goog.time[1074]);
  });

  it('shocks every symbol on the same date when their histories start years apart (GOOG 2004, ORCL 1995)', () => {
    const orcl = loadSharedData('orcl-1995-2014.txt', 'ORCL');
    const series = [goog, orcl];
    const market = alignMarket(series);
    const when = Date.UTC(2008, 8, 15);
    const index = market.time.findIndex((t) => t >= when);
    const config = { lotSize: 0, closeAtEnd: false };
    const base = backtest({ series, strategyId: 'buy_and_hold', config }).result;
    const firstMoved = (e: Float64Array) => e.findIndex((x, i) => Math.abs(x - base.equity[i]) > 1e-9 * base.equity[i]);
    // Buy and hold buys once, at bar 1's open; a shock s on a symbol scales its closes by (1 + s)
    // from the shock bar on, so the stressed equity is the baseline's less −s × the position's value.
    const held = (symbol: number) => base.fills.quantity[Array.from(base.fills.symbolIndex).indexOf(symbol)];
    const scenarios: StressScenario[] = [
      { name: 'goog', marketShocks: { GOOG: -0.2 } },
      { name: 'orcl', marketShocks: { ORCL: -0.5 } },
    ];
    for (const at of [{ shockIndex: index }, { shockTime: when }]) {
      const r = stressTest({ series, strategyId: 'buy_and_hold', config, scenarios, ...at });
      expect(r.shockIndex).toBe(index);
      expect(r.shockTime).toBe(when);
      r.outcomes.forEach((o, s) => {
        const drop = s === 0 ? 0.2 : 0.5;
        expect(firstMoved(o.equity)).toBe(index);
        for (const i of [index, market.n - 1]) {
          expect(o.equity[i]).toBeCloseTo(base.equity[i] - drop * held(s) * market.close[s * market.n + i], 6);
        }
      });
    }
  });

  it('names shock_date for a shock time outside the common bars or given with an index', () => {
    const series = [goog, loadSharedData('orcl-1995-2014.txt', 'ORCL')];
    const scenarios = [{ name: 'x', marketShocks: { '*': -0.1 } }];
    // 1999 is inside ORCL's history but before GOOG's, so before the first common bar.
    expect(() => stressTest({ series, strategyId: 'buy_and_hold', scenarios, shockTime: Date.UTC(1999, 0, 25) })).toThrow(
      "shock_date: expected a date on the symbols' common bars after the first (2004-08-20 … 2013-03-01), found 1999-01-25",
    );
    expect(() => stressTest({ series, strategyId: 'buy_and_hold', scenarios, shockTime: Date.UTC(2020, 0, 1) })).toThrow(/^shock_date/);
    expect(() => stressTest({ series, strategyId: 'buy_and_hold', scenarios, shockTime: NaN })).toThrow(/^shock_date.*found NaN/);
    expect(() => stressTest({ series, strategyId: 'buy_and_hold', scenarios, shockIndex: 10, shockTime: Date.UTC(2008, 8, 15) })).toThrow(/^shock_date/);
  });

  it('runs the historical scenarios, and a trend follower reacts differently from buy and hold', () => {
    const scenarios = Object.values(HISTORICAL_SCENARIOS);
    const hold = stressTest({ series: [goog], strategyId: 'buy_and_hold', scenarios });
    const trend = stressTest({ series: [goog], strategyId: 'sma_crossover', parameters: { fast: 10, slow: 30 }, scenarios });
    expect(hold.outcomes).toHaveLength(3);
    for (let j = 0; j < 3; j++) expect(trend.outcomes[j].performanceImpactPct).not.toBeCloseTo(hold.outcomes[j].performanceImpactPct, 1);
  });

  it('gives each scenario a Monte Carlo VaR bootstrapped from its own stressed returns, reproducible by seed', () => {
    const scenarios = [{ name: 'minus 30', marketShocks: { '*': -0.3 } }];
    const spec = { nPaths: 40_000, nSteps: 2, seed: 7 };
    const r = stressTest({ series: [goog], strategyId: 'buy_and_hold', config: { lotSize: 0 }, scenarios, monteCarloVar: spec });
    const mc = r.outcomes[0].monteCarloVar;
    expect(mc).toMatchObject({ nPaths: 40_000, nSteps: 2 });
    // A two-bar path compounds two returns drawn with replacement from the stressed run's returns
    // (shock bar included), so the exact bootstrap distribution is that of (1 + r_i)(1 + r_j) − 1
    // over all ordered pairs; the 95 % VaR is its 5 % quantile, up to sampling error (≈ 0.0004 at
    // 40,000 paths).
    const r1 = returnsFromEquity(r.outcomes[0].equity);
    const pairs = new Float64Array(r1.length * r1.length);
    for (let i = 0; i < r1.length; i++) for (let j = 0; j < r1.length; j++) pairs[i * r1.length + j] = (1 + r1[i]) * (1 + r1[j]) - 1;
    pairs.sort();
    const q05 = pairs[Math.floor(0.05 * pairs.length)];
    expect(Math.abs((mc?.var95 ?? NaN) - q05)).toBeLessThan(0.002);
    expect(mc?.var99 ?? NaN).toBeLessThan(mc?.var95 ?? NaN);
    expect(mc?.cvar95 ?? NaN).toBeLessThan(mc?.var95 ?? NaN);
    const again = stressTest({ series: [goog], strategyId: 'buy_and_hold', config: { lotSize: 0 }, scenarios, monteCarloVar: spec });
    expect(again.outcomes[0].monteCarloVar).toEqual(mc);
    expect(stressTest({ series: [goog], strategyId: 'buy_and_hold', scenarios }).outcomes[0].monteCarloVar).toBeUndefined();
  });

  it('names the field of bad scenarios', () => {
    expect(() => stressTest({ series: [goog], strategyId: 'buy_and_hold', scenarios: [] })).toThrow(/scenarios/);
    expect(() => stressTest({ series: [goog], strategyId: 'buy_and_hold', scenarios: [{ name: 'x', marketShocks: { MSFT: -0.1 } }] })).toThrow(/scenarios\[0\].market_shocks.MSFT/);
    expect(() => stressTest({ series: [goog], strategyId: 'buy_and_hold', scenarios: [{ name: 'x', marketShocks: { '*': -0.1 }, probability: 2 }] })).toThrow(/scenarios\[0\].probability/);
  });

  it.each([
    [1000, '1000'],
    [-1, '-1'],
    [-1.5, '-1.5'],
    [Number.NaN, 'NaN'],
    ['0.1' as unknown as number, '"0.1"'],
  ])('refuses a shock of %p before any backtest, naming scenarios[1].market_shocks.GOOG and the allowed range', (shock, found) => {
    const scenarios: StressScenario[] = [{ name: 'fine', marketShocks: { '*': -0.2 } }, { name: 'bad', marketShocks: { GOOG: shock } }];
    const run = () => stressTest({ series: [goog], strategyId: 'sma_crossover', scenarios, monteCarloVar: { nPaths: 100, nSteps: 21, seed: 1 } });
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(
      `scenarios[1].market_shocks.GOOG: expected a price shock as a fraction in (−1, 10]: above −100 %, which would leave no price, and at most +1000 % (−0.25 is a 25 % fall), found ${found}`,
    );
  });

  it('accepts the bounds of a shock, +1,000 % included, and a key in any case', () => {
    // Buy and hold, fully invested from bar 1: a +1,000 % shock multiplies the final equity by 11, so the total return
    // moves by 10 × (1 + baseline return); the same shock keyed 'goog' moves it the same.
    const r = stressTest({ series: [goog], strategyId: 'buy_and_hold', config: { lotSize: 0 }, scenarios: [{ name: 'up', marketShocks: { GOOG: 10 } }, { name: 'up', marketShocks: { goog: 10 } }] });
    const base = r.baseline.totalReturnPct / 100;
    expect(r.outcomes[0].performanceImpactPct).toBeCloseTo(1000 * (1 + base), 6);
    expect(r.outcomes[1].performanceImpactPct).toBe(r.outcomes[0].performanceImpactPct);
  });

  it.each([
    [{ volatilityMultipliers: { GOOG: 0 } }, 'scenarios[0].volatility_multipliers.GOOG: expected a positive finite number, found 0'],
    [{ volatilityMultipliers: { MSFT: 2 } }, "scenarios[0].volatility_multipliers.MSFT: expected '*' or one of GOOG, found MSFT"],
    [{ durationDays: 0 }, 'scenarios[0].duration_days: expected an integer ≥ 1, found 0'],
    [{ volatilityDays: 2.5 }, 'scenarios[0].volatility_days: expected an integer ≥ 1, found 2.5'],
  ])('names the scenario field of other bad settings (%j)', (patch, message) => {
    expect(() => stressTest({ series: [goog], strategyId: 'buy_and_hold', scenarios: [{ name: 'x', marketShocks: { '*': -0.1 }, ...patch }] })).toThrow(message);
  });

  it('reports no Monte Carlo VaR (NaN) for a scenario that wipes out the account, whose returns end at the ruin', () => {
    // sma_crossover with shorts holds a short when GOOG's price quadruples (+300 %) at the middle bar: equity falls below 0.
    const r = stressTest({
      series: [goog],
      strategyId: 'sma_crossover',
      parameters: { fast: 10, slow: 30, allow_short: true },
      scenarios: [{ name: 'squeeze', marketShocks: { GOOG: 3 } }, { name: 'dip', marketShocks: { GOOG: -0.1 } }],
      monteCarloVar: { nPaths: 200, nSteps: 21, seed: 1 },
    });
    expect(Math.min(...r.outcomes[0].equity)).toBeLessThanOrEqual(0);
    expect(r.outcomes[0].monteCarloVar).toEqual({ nPaths: 200, nSteps: 21, var95: NaN, cvar95: NaN, var99: NaN });
    expect(Math.min(...r.outcomes[1].equity)).toBeGreaterThan(0);
    expect(Number.isFinite(r.outcomes[1].monteCarloVar?.var95)).toBe(true);
  });
});
