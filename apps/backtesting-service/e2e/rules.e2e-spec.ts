import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp, finishedJob, validBody } from './test-app';

jest.setTimeout(60_000);

const cross = { entry_long: 'crossover(sma(close, fast), sma(close, slow))', exit_long: 'crossunder(sma(close, fast), sma(close, slow))', fast: 10, slow: 30 };

async function trades(app: INestApplication, body: Record<string, unknown>) {
  const id = (await request(app.getHttpServer()).post('/backtests').send(body).expect(202)).body.execution_id;
  const job = await finishedJob(app, id);
  if (job.status !== 'completed') throw new Error(job.error ?? job.status);
  return (await request(app.getHttpServer()).get(`/backtests/${id}/results`).expect(200)).body.trades;
}

describe("strategy_id 'rules' through the API", () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp({}, 1_000);
  });
  afterAll(async () => {
    await app.close();
  });

  it('gives exactly the trades of the built-in sma_crossover', async () => {
    const viaRules = await trades(app, validBody({ strategy_id: 'rules', strategy_parameters: cross }));
    const builtIn = await trades(app, validBody({ strategy_parameters: { fast: 10, slow: 30 } }));
    expect(viaRules.length).toBeGreaterThan(10);
    expect(viaRules).toEqual(builtIn);
  });

  it('answers bad rules with a 400 naming the rule, the identifier and its position', async () => {
    const bad = (params: Record<string, unknown>) => request(app.getHttpServer()).post('/backtests').send(validBody({ strategy_id: 'rules', strategy_parameters: params })).expect(400);
    const unknown = (await bad({ ...cross, entry_long: 'crossover(sma(close, fast), sma(clsoe, slow))' })).body;
    expect(unknown.field).toBe('strategy_parameters.entry_long');
    // 'crossover(' (10) + 'sma(close, fast)' (16) + ', ' (2) + 'sma(' (4) = 32 characters before it: char 33.
    expect(unknown.message).toMatch(/'clsoe' at char 33/);
    expect((await bad({ ...cross, exit_long: 'shift(close, -1) > close' })).body.field).toBe('strategy_parameters.exit_long');
    expect((await bad({ ...cross, entry_long: 'import({}, {})' })).body.field).toBe('strategy_parameters.entry_long');
    expect((await bad({ fast: 10 })).body.field).toBe('strategy_parameters.entry_long');
  });
});
