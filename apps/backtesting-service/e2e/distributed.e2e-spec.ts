import { INestApplication } from '@nestjs/common';
import { optimize } from '@nautilus/analytics';
import { loadSharedData, workspaceRoot } from '@nautilus/domain/testing';
import { Queue } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, validBody } from './test-app';

// Real Redis on 127.0.0.1:6379, as on every machine of this project and in CI.
const REDIS = { host: '127.0.0.1', port: 6379 };
jest.setTimeout(90_000);

describe('DISTRIBUTED=1: optimizations run as chunks on apps/backtesting-worker', () => {
  const queueName = `test-service-sweep-${randomUUID().slice(0, 8)}`;
  let app: INestApplication;
  let worker: ChildProcess;

  beforeAll(async () => {
    const root = workspaceRoot();
    worker = spawn(process.execPath, ['--import', 'tsx', join(root, 'apps/backtesting-worker/src/main.ts')], {
      cwd: root,
      env: { ...process.env, SWEEP_QUEUE: queueName },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => worker.stdout?.on('data', (d: Buffer) => d.toString().includes('"ready"') && resolve()));
    app = await createTestApp({ maxGridSize: 1000, distributed: { ...REDIS, queueName, chunkSize: 4 } });
  });
  afterAll(async () => {
    worker.kill('SIGKILL');
    await app.close();
    const queue = new Queue(queueName, { connection: REDIS });
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('returns the same table as the library in one process', async () => {
    const http = () => request(app.getHttpServer());
    const baseId = (await http().post('/backtests').send(validBody({ close_at_end: true })).expect(202)).body.execution_id;
    const ranges = { fast: { min: 5, max: 25, step: 5 }, slow: [30, 50, 70] };
    const id = (await http().post('/optimization/parameters').send({ backtest_id: baseId, parameter_ranges: ranges, in_sample_fraction: 0.6 }).expect(202)).body.optimization_id;
    let done: { status: string; result: Record<string, unknown> } | undefined;
    for (let i = 0; i < 3000 && !done; i++) {
      const b = (await http().get(`/optimization/${id}`).expect(200)).body;
      if (b.status === 'completed' || b.status === 'failed') done = b;
      else await new Promise((r) => setTimeout(r, 20));
    }
    expect(done?.status).toBe('completed');
    const r = done?.result as { results: { parameters: unknown; in_sample_score: number }[]; best_parameters: unknown; distributed: unknown; overfitting: { deflated_sharpe_ratio: number } };
    const direct = optimize({
      series: [loadSharedData('GOOG.csv')],
      strategyId: 'sma_crossover',
      baseParameters: { fast: 10, slow: 30, allow_short: true },
      parameterRanges: ranges,
      config: { initialCapital: 10_000 },
      inSampleFraction: 0.6,
    });
    expect(r.distributed).toEqual({ queue: queueName, chunk_size: 4 });
    expect(r.results.map((t) => t.parameters)).toEqual(direct.trials.map((t) => t.parameters));
    r.results.forEach((t, i) => expect(t.in_sample_score).toBeCloseTo(direct.trials[i].inSampleScore, 12));
    expect(r.best_parameters).toEqual(direct.best.parameters);
    expect(r.overfitting.deflated_sharpe_ratio).toBeCloseTo(direct.deflatedSharpeRatio, 12);
  });
});
