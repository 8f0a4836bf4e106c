import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { CreateBacktestDto } from '../backtests/dto/create-backtest.dto';
import { ListBacktestsDto } from '../backtests/dto/list-backtests.dto';
import { ValidateDataDto } from '../data/dto/validate-data.dto';
import { CreateOptimizationDto } from '../optimization/dto/create-optimization.dto';
import { StressTestDto } from '../stress/dto/stress-test.dto';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './json-depth';
import { validateBody } from './validate-body';

const BACKTEST = { backtest_name: 't', backtest_type: 'strategy_validation', start_date: '2004-08-19', end_date: '2013-03-01', symbols: ['GOOG'], strategy_id: 'sma_crossover' };
const WALK_FORWARD = { parameter_ranges: { fast: [5, 10] }, train_bars: 500, test_bars: 250 };
const ID = '00000000-0000-4000-8000-000000000000';

/** Returns the field and message of the 400 that `body` gets as a `type`, or fails when it is accepted. */
async function refusal(type: new () => object, body: unknown): Promise<{ field: string; message: string }> {
  const error = await validateBody(type, body).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BadRequestException)) throw new Error(`expected a 400 for ${JSON.stringify(body)}, got ${String(error)}`);
  const { field, message } = error.getResponse() as { field: string; message: string };
  return { field, message };
}

describe('validateBody: the reported failure is the constraint that tells the fault', () => {
  it.each<[string, new () => object, Record<string, unknown>, string, string]>([
    ['a missing name is required, not too long', CreateBacktestDto, { backtest_type: 'strategy_validation' }, 'backtest_name', 'backtest_name: required; backtest_name must be a string'],
    ['a capital sent as a string is not a number, not too big', CreateBacktestDto, { ...BACKTEST, initial_capital: '10000' }, 'initial_capital', 'initial_capital: initial_capital must be a finite number'],
    ['a symbol string is not an array, not too long an array', CreateBacktestDto, { ...BACKTEST, symbols: 'GOOG' }, 'symbols', 'symbols: symbols must be an array'],
    ['a nested number is checked for its kind first', CreateBacktestDto, { ...BACKTEST, commission: { rate: 'high' } }, 'commission.rate', 'commission.rate: rate must be a finite number'],
    ['a page that is not a number is not an integer, not below 1', ListBacktestsDto, { page: 'abc' }, 'page', 'page: page must be an integer number'],
    ['an object of scenarios is not an array, and is not missing', StressTestDto, { backtest_id: ID, scenarios: {} }, 'scenarios', 'scenarios: scenarios must be an array'],
    ['a bound that fails after the kind passes is still reported', CreateBacktestDto, { ...BACKTEST, initial_capital: 1e16 }, 'initial_capital', 'initial_capital: initial_capital must not be greater than 1000000000000000'],
  ])('%s', async (_name, type, body, field, message) => {
    expect(await refusal(type, body)).toEqual({ field, message });
  });
});

describe('validateBody: settings objects must be objects', () => {
  const settings: [string, string, Record<string, unknown>][] = [
    ['walk_forward', 'walk_forward', { backtest_type: 'walk_forward' }],
    ['cross_validation', 'cross_validation', { backtest_type: 'cross_validation' }],
    ['monte_carlo', 'monte_carlo', { backtest_type: 'monte_carlo' }],
    ['portfolio_optimization', 'portfolio_optimization', { backtest_type: 'portfolio_optimization', strategy_id: undefined }],
    ['commission', 'commission', {}],
    ['strategy_parameters', 'strategy_parameters', {}],
  ];
  const cases = settings.flatMap(([name, field, patch]) => [[], 'x', 5, null].map((value) => [name, JSON.stringify(value), field, { ...BACKTEST, ...patch, [name]: value }] as const));
  it.each(cases)('a backtest with %s = %s → 400 on %s', async (_name, _value, field, body) => {
    expect(await refusal(CreateBacktestDto, body)).toEqual({ field, message: `${field}: ${field} must be an object` });
  });

  it.each([[[]], ['x'], [5], [null]])('a stress test with monte_carlo_var = %j → 400 on monte_carlo_var', async (value) => {
    expect(await refusal(StressTestDto, { backtest_id: ID, historical_scenarios: ['covid_crash_2020'], monte_carlo_var: value })).toEqual({
      field: 'monte_carlo_var',
      message: 'monte_carlo_var: monte_carlo_var must be an object',
    });
  });

  it('a scenario that is an array is not a scenario', async () => {
    expect(await refusal(StressTestDto, { backtest_id: ID, scenarios: [[]] })).toEqual({ field: 'scenarios', message: 'scenarios: each value in scenarios must be an object' });
  });

  it('null volatility multipliers are not an object', async () => {
    const body = { backtest_id: ID, scenarios: [{ name: 'x', market_shocks: { '*': -0.1 }, volatility_multipliers: null }] };
    expect((await refusal(StressTestDto, body)).field).toBe('scenarios[0].volatility_multipliers');
  });

  it('an optimization target is a metric name or weights, not a number or null', async () => {
    for (const target of [5, null, ['sharpe_ratio']]) {
      expect(await refusal(CreateOptimizationDto, { backtest_id: ID, parameter_ranges: { fast: [5] }, optimization_target: target })).toEqual({
        field: 'optimization_target',
        message: 'optimization_target: optimization_target must be a metric name or an object of weights by metric',
      });
    }
    await expect(validateBody(CreateOptimizationDto, { backtest_id: ID, parameter_ranges: { fast: [5] }, optimization_target: { sharpe_ratio: 1 } })).resolves.toBeDefined();
  });
});

describe('validateBody: parameter ranges name the parameter whose range is not a list or {min, max, step}', () => {
  it.each([[null], ['x'], [5], [true]])('a search with fast = %j → 400 on parameter_ranges.fast', async (range) => {
    const { field, message } = await refusal(CreateOptimizationDto, { backtest_id: ID, parameter_ranges: { slow: [30], fast: range } });
    expect(field).toBe('parameter_ranges.fast');
    expect(message).toBe(`parameter_ranges.fast: parameter_ranges.fast must be a list of values or {min, max, step}, found ${JSON.stringify(range)}`);
  });

  it('inside walk_forward the field carries the prefix', async () => {
    const body = { ...BACKTEST, backtest_type: 'walk_forward', walk_forward: { ...WALK_FORWARD, parameter_ranges: { fast: null } } };
    expect((await refusal(CreateBacktestDto, body)).field).toBe('walk_forward.parameter_ranges.fast');
  });

  it('lists and {min, max, step} pass; what their values may be is the library’s check', async () => {
    await expect(validateBody(CreateOptimizationDto, { backtest_id: ID, parameter_ranges: { fast: [5, 10], slow: { min: 30, max: 60, step: 10 } } })).resolves.toBeDefined();
    const body = { ...BACKTEST, backtest_type: 'walk_forward', walk_forward: WALK_FORWARD };
    await expect(validateBody(CreateBacktestDto, body)).resolves.toBeDefined();
  });
});

describe('validateBody: bounds and symbols', () => {
  it('refuses a page past the last one SQLite can offset to', async () => {
    expect(await refusal(ListBacktestsDto, { page: '99999999999999999999' })).toEqual({ field: 'page', message: 'page: page must not be greater than 1000000' });
    await expect(validateBody(ListBacktestsDto, { page: '1000000' })).resolves.toEqual(expect.objectContaining({ page: 1_000_000 }));
  });

  it('refuses an empty benchmark symbol instead of ignoring it', async () => {
    const { field, message } = await refusal(CreateBacktestDto, { ...BACKTEST, benchmark_symbol: '' });
    expect(field).toBe('benchmark_symbol');
    expect(message).toContain('benchmark_symbol must be a symbol');
  });

  it('refuses a symbol repeated in the data check, in any case', async () => {
    expect(await refusal(ValidateDataDto, { symbols: 'GOOG,goog' })).toEqual({ field: 'symbols', message: 'symbols: symbols must be distinct (in any case)' });
    await expect(validateBody(ValidateDataDto, { symbols: 'GOOG,ORCL' })).resolves.toEqual(expect.objectContaining({ symbols: ['GOOG', 'ORCL'] }));
  });
});

describe('JSON depth', () => {
  const nested = (levels: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < levels; i++) value = i % 2 ? { a: value } : [value];
    return value;
  };

  it('counts objects and arrays, not the scalars inside them', () => {
    expect(nestedDeeperThan(1, 0)).toBe(false);
    expect(nestedDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestedDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(nestedDeeperThan({ wide: Array.from({ length: 1000 }, () => ({ a: 1 })) }, 3)).toBe(false);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(nestedDeeperThan(nested(100_000), MAX_JSON_DEPTH)).toBe(true);
  });

  it('refuses a deep message body with a 400 naming the body, where the validation overflowed', async () => {
    expect(await refusal(CreateBacktestDto, { ...BACKTEST, x: nested(3000) })).toEqual({ field: 'body', message: `body: expected JSON nested at most ${MAX_JSON_DEPTH} levels deep, found deeper` });
  });
});
