/** A stress scenario: shocks per symbol ('*' for all), their timing, volatility and likelihood. */
export interface StressScenario {
  readonly name: string;
  readonly description?: string;
  /** Symbol (or '*') → total return of the shock, e.g. { '*': -0.3 }. */
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
