import { NestExpressApplication } from '@nestjs/platform-express';
import { getPriority } from 'node:os';
import request from 'supertest';
import { createTestApp, finishedJob, validBody } from './test-app';

jest.setTimeout(60_000);

/** Polls /health until every pooled worker has reported the nice value of its own thread. */
async function workersOf(app: NestExpressApplication, count: number): Promise<{ api_thread_nice: number; worker_thread_nice: number[] }> {
  for (let i = 0; i < 600; i++) {
    const workers = (await request(app.getHttpServer()).get('/health').expect(200)).body.components.workers;
    if (workers.worker_thread_nice.length === count) return workers;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fewer than ${count} workers reported their priority`);
}

describe('job worker threads run at a lower priority than the API thread', () => {
  // Nice values are per thread on Linux; elsewhere the service leaves them alone (see thread-priority.ts).
  const linux = process.platform === 'linux' ? it : it.skip;
  const apiNice = getPriority(0);

  linux('lowers each pooled worker by BACKTESTING_WORKER_NICE, as os.getPriority(0) reads it inside the thread, and leaves the main thread alone', async () => {
    const app = await createTestApp({ maxConcurrent: 2, workerNice: 10 }, 1_000);
    try {
      const workers = await workersOf(app, 2);
      expect(workers.worker_thread_nice).toEqual([Math.min(19, apiNice + 10), Math.min(19, apiNice + 10)]);
      expect(workers.api_thread_nice).toBe(apiNice);
      expect(getPriority(0)).toBe(apiNice);
      // A lowered worker still runs jobs.
      const id = (await request(app.getHttpServer()).post('/backtests').send(validBody()).expect(202)).body.execution_id;
      expect((await finishedJob(app, id)).status).toBe('completed');
    } finally {
      await app.close();
    }
  });

  linux('with BACKTESTING_WORKER_NICE=0 leaves the workers at the main thread priority', async () => {
    const app = await createTestApp({ maxConcurrent: 1, workerNice: 0 }, 1_000);
    try {
      expect((await workersOf(app, 1)).worker_thread_nice).toEqual([apiNice]);
    } finally {
      await app.close();
    }
  });
});
