import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { MAX_JSON_DEPTH } from '../src/common/json-depth';
import { createTestApp, validBody } from './test-app';

jest.setTimeout(60_000);

const WALK_FORWARD = { parameter_ranges: { fast: [5, 10] }, train_bars: 500, test_bars: 250 };

/** Input the first probe of the running service answered with a 500 or a misleading 400. */
describe('bad input gets a 4xx that names the real fault', () => {
  let app: INestApplication;
  let baseId: string;
  let portfolioId: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp({}, 2_000);
    baseId = (await http().post('/backtests').send(validBody()).expect(202)).body.execution_id;
    const portfolio = validBody({ backtest_type: 'portfolio_optimization', symbols: ['GOOG', 'ORCL'], strategy_id: undefined, strategy_parameters: undefined });
    portfolioId = (await http().post('/backtests').send(portfolio).expect(202)).body.execution_id;
  });
  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['walk_forward', []],
    ['walk_forward', null],
    ['cross_validation', []],
    ['cross_validation', 'folds'],
  ])('a %s of %j is a 400 naming it, not a 500', async (type, settings) => {
    const res = await http().post('/backtests').send(validBody({ backtest_type: type, [type]: settings })).expect(400);
    expect(res.body).toMatchObject({ field: type, message: `${type}: ${type} must be an object` });
  });

  it('a null parameter range is a 400 naming the parameter, in a search and in walk_forward', async () => {
    const search = await http().post('/optimization/parameters').send({ backtest_id: baseId, parameter_ranges: { fast: null } }).expect(400);
    expect(search.body).toMatchObject({ field: 'parameter_ranges.fast', message: 'parameter_ranges.fast: parameter_ranges.fast must be a list of values or {min, max, step}, found null' });
    const walk = await http()
      .post('/backtests')
      .send(validBody({ backtest_type: 'walk_forward', walk_forward: { ...WALK_FORWARD, parameter_ranges: { fast: null } } }))
      .expect(400);
    expect(walk.body.field).toBe('walk_forward.parameter_ranges.fast');
  });

  it('JSON nested 3,000 levels deep is a 400 naming the body, not a stack overflow', async () => {
    const deep = `{"backtest_name":"t","x":${'['.repeat(3000)}${']'.repeat(3000)}}`;
    const res = await http().post('/backtests').set('content-type', 'application/json').send(deep).expect(400);
    expect(res.body).toMatchObject({ field: 'body', message: `body: expected JSON nested at most ${MAX_JSON_DEPTH} levels deep, found deeper` });
    // At the limit the body reaches the validation, which names its first real fault.
    const atLimit = `{"backtest_name":"t","x":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
    expect((await http().post('/backtests').set('content-type', 'application/json').send(atLimit).expect(400)).body.field).not.toBe('body');
  });

  it('a page past the bound is a 400 naming page, not an SQLite error', async () => {
    const res = await http().get('/backtests?page=99999999999999999999').expect(400);
    expect(res.body).toMatchObject({ field: 'page', message: 'page: page must not be greater than 1000000' });
  });

  it.each([
    ['a missing name', { backtest_name: undefined }, 'backtest_name', 'backtest_name: required; backtest_name must be a string'],
    ['a capital sent as a string', { initial_capital: '10000' }, 'initial_capital', 'initial_capital: initial_capital must be a finite number'],
    ['one symbol not in an array', { symbols: 'GOOG' }, 'symbols', 'symbols: symbols must be an array'],
  ])('%s is reported by its kind, not by the last bound it also fails', async (_name, patch, field, message) => {
    const res = await http().post('/backtests').send(validBody(patch)).expect(400);
    expect(res.body).toMatchObject({ field, message });
  });

  it('a page that is not a number is reported as not an integer', async () => {
    expect((await http().get('/backtests?page=abc').expect(400)).body).toMatchObject({ field: 'page', message: 'page: page must be an integer number' });
  });

  it('a body that is not JSON is a 415 naming its content type, not an empty body', async () => {
    const text = await http().post('/backtests').set('content-type', 'text/plain').send(JSON.stringify(validBody())).expect(415);
    expect(text.body).toMatchObject({ error: 'unsupported_media_type', field: 'content-type', message: 'content-type: expected application/json, found text/plain' });
    const form = await http().post('/stress-test').type('form').send({ backtest_id: baseId }).expect(415);
    expect(form.body.message).toBe('content-type: expected application/json, found application/x-www-form-urlencoded');
    await http().post('/backtests').set('content-type', 'application/json; charset=utf-8').send(JSON.stringify(validBody())).expect(202);
  });

  it.each([
    ['/stress-test', { historical_scenarios: ['covid_crash_2020'] }],
    ['/optimization/parameters', { parameter_ranges: { fast: [5, 10] } }],
  ])('%s over a portfolio_optimization backtest is a 400 naming backtest_id: it has no strategy to re-run', async (path, body) => {
    const res = await http()
      .post(path)
      .send({ backtest_id: portfolioId, ...body })
      .expect(400);
    expect(res.body).toMatchObject({
      field: 'backtest_id',
      message: `backtest_id: expected a backtest that runs one strategy (strategy_id) to re-run, found ${portfolioId}, a portfolio_optimization backtest with no single strategy`,
    });
  });

  it('an empty benchmark symbol is a 400, not a silent default', async () => {
    const res = await http().post('/backtests').send(validBody({ benchmark_symbol: '' })).expect(400);
    expect(res.body).toMatchObject({ field: 'benchmark_symbol', message: 'benchmark_symbol: benchmark_symbol must be a symbol: a letter, then up to 19 letters, digits, _ . or -' });
  });

  it('a symbol repeated in the data check is a 400 naming symbols, as in POST /backtests', async () => {
    const res = await http().get('/data/validate?symbols=GOOG,goog').expect(400);
    expect(res.body).toMatchObject({ field: 'symbols', message: 'symbols: symbols must be distinct (in any case)' });
  });
});
