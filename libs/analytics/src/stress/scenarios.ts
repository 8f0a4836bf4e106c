import { ValidationError } from '@nautilus/domain';

/**
 * Largest price shock accepted: +1,000 % (prices × 11). Far beyond any one-event rise of a broad
 * market, so a larger value is much more likely a percentage typed as a fraction (25 for 25 %)
 * than a scenario. The lower bound is a fall of 100 %, which would leave no price.
 */
export const MAX_MARKET_SHOCK = 10;

/** A stress scenario: shocks per symbol ('*' for all), their timing, volatility and likelihood. */
export interface StressScenario {
  readonly name: string;
  readonly description?: string;
  /** Symbol (or '*') → total return of the shock as a fraction in (−1, {@link MAX_MARKET_SHOCK}], e.g. { '*': -0.3 }. */
  readonly marketShocks: Readonly<Record<string, number>>;
  /** Symbol (or '*') → multiplier of return volatility after the shock. */
  readonly volatilityMultipliers?: Readonly<Record<string, number>>;
  /** Trading days the shock is spread over (1 = instant). */
  readonly durationDays?: number;
  /** Trading days the volatility regime lasts (default 60). */
  readonly volatilityDays?: number;
  /** Probability assigned to the scenario, in [0, 1]. */
  readonly probability?: number;
}

/**
 * Historical scenarios described by their shocks to a broad equity index (S&P 500 closes):
 * the fall from peak to trough, the trading days it took, and the volatility that followed
 * relative to normal (VIX levels at the time against its long-run ~20).
 */
export const HISTORICAL_SCENARIOS: Readonly<Record<string, StressScenario>> = {
  black_monday_1987: {
    name: 'black_monday_1987',
    description: 'Black Monday, 19 October 1987: the S&P 500 fell 20.5 % in one session; volatility stayed about 3× normal for weeks.',
    marketShocks: { '*': -0.205 },
    durationDays: 1,
    volatilityMultipliers: { '*': 3 },
    volatilityDays: 20,
    probability: 0.01,
  },
  financial_crisis_2008: {
    name: 'financial_crisis_2008',
    description: 'September 2008 – March 2009: the S&P 500 fell about 46 % from about 1,252 (12 Sep 2008) to 677 (9 Mar 2009; −56.8 % from the October 2007 peak), the VIX closing above 80.',
    marketShocks: { '*': -0.46 },
    durationDays: 120,
    volatilityMultipliers: { '*': 2.5 },
    volatilityDays: 120,
    probability: 0.02,
  },
  covid_crash_2020: {
    name: 'covid_crash_2020',
    description: 'February–March 2020: the S&P 500 fell 33.9 % in 23 trading days (19 Feb → 23 Mar), VIX closing at a record 82.7.',
    marketShocks: { '*': -0.339 },
    durationDays: 23,
    volatilityMultipliers: { '*': 3 },
    volatilityDays: 40,
    probability: 0.03,
  },
};

const positiveInteger = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/**
 * Checks a scenario against the symbols of the run; every error names the field under `path`
 * (`scenarios[2].market_shocks.GOOG`): shocks in (−1, {@link MAX_MARKET_SHOCK}], volatility
 * multipliers positive, both keyed by a symbol or '*'; durations whole bars ≥ 1; probability in [0, 1].
 */
export function checkScenario(scenario: StressScenario, path: string, symbols: readonly string[]): void {
  const known = new Set(symbols.map((s) => s.toUpperCase()));
  const keyed = (field: string, map: unknown, valid: (v: unknown) => boolean, expected: string) => {
    if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new ValidationError(`${path}.${field}`, "an object of symbol (or '*') → number", JSON.stringify(map) ?? String(map));
    for (const [key, v] of Object.entries(map)) {
      if (key !== '*' && !known.has(key.toUpperCase())) throw new ValidationError(`${path}.${field}.${key}`, `'*' or one of ${[...known].join(', ')}`, key);
      if (!valid(v)) throw new ValidationError(`${path}.${field}.${key}`, expected, typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)));
    }
  };
  keyed(
    'market_shocks',
    scenario.marketShocks,
    (v) => typeof v === 'number' && v > -1 && v <= MAX_MARKET_SHOCK,
    `a price shock as a fraction in (−1, ${MAX_MARKET_SHOCK}]: above −100 %, which would leave no price, and at most +${MAX_MARKET_SHOCK * 100} % (−0.25 is a 25 % fall)`,
  );
  if (scenario.volatilityMultipliers !== undefined) keyed('volatility_multipliers', scenario.volatilityMultipliers, (v) => typeof v === 'number' && v > 0 && Number.isFinite(v), 'a positive finite number');
  if (scenario.durationDays !== undefined && !positiveInteger(scenario.durationDays)) throw new ValidationError(`${path}.duration_days`, 'an integer ≥ 1', String(scenario.durationDays));
  if (scenario.volatilityDays !== undefined && !positiveInteger(scenario.volatilityDays)) throw new ValidationError(`${path}.volatility_days`, 'an integer ≥ 1', String(scenario.volatilityDays));
  const p = scenario.probability ?? 0;
  if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw new ValidationError(`${path}.probability`, 'a number in [0, 1]', String(p));
}
