import { optimize, OptimizeRequest, TrialResult } from '@nautilus/analytics';
import { syntheticRandomWalk, workspaceRoot } from '@nautilus/domain/testing';
import { SweepCoordinator } from '@nautilus/messagebus';
import { Queue } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

// Real Redis on 127.0.0.1:6379, as on every machine of this project and in CI.
const REDIS = { host: '127.0.0.1', port: 6379 };
jest.setTimeout(120_000);

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly events: { event: string; chunk?: number }[];
}

/** Starts `npm run worker`'s entry point as a separate process on a private queue. */
function startWorker(queue: string): WorkerProcess {
  const root = workspaceRoot();
  // tsx as a loader in the same process (its CLI would fork a child that a SIGKILL does not reach).
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'apps/backtesting-worker/src/main.ts')], {
    cwd: root,
    env: { ...process.env, SWEEP_QUEUE: queue, SWEEP_LOCK_MS: '1500', SWEEP_STALLED_MS: '500' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: WorkerProcess['events'] = [];
  let buffer = '';
  child.stdout?.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.startsWith('{')) events.push(JSON.parse(line));
    }
  });
  return { child, events };
}

async function until(check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sameNumber = (a: number, b: number) => Object.is(a, b);

function expectSameTrials(a: readonly TrialResult[], b: readonly TrialResult[]): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    expect(a[i].parameters).toEqual(b[i].parameters);
    expect(sameNumber(a[i].inSampleScore, b[i].inSampleScore)).toBe(true);
    expect(sameNumber(a[i].outOfSampleScore, b[i].outOfSampleScore)).toBe(true);
    expect(sameNumber(a[i].inSample.totalReturn, b[i].inSample.totalReturn)).toBe(true);
    expect(a[i].outOfSample.numTrades).toBe(b[i].outOfSample.numTrades);
  }
}

describe('distributed sweep on BullMQ with worker processes', () => {
  const queueName = `test-sweep-${randomUUID().slice(0, 8)}`;
  const request: OptimizeRequest = {
    // Long enough that one chunk takes a while, so a kill lands inside one.
    series: [syntheticRandomWalk(20_000, 11, { symbol: 'WALK' })],
    strategyId: 'sma_crossover',
    parameterRanges: { fast: { min: 2, max: 40, step: 1 }, slow: { min: 20, max: 200, step: 4 } },
    constraints: ['fast < slow'],
    config: { initialCapital: 10_000, commission: { rate: 0.001 } },
  };
  let workers: WorkerProcess[] = [];
  let coordinator: SweepCoordinator;

  beforeAll(() => {
    coordinator = new SweepCoordinator(REDIS, { queueName, chunkSize: 150 });
  });
  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await coordinator.close();
    const queue = new Queue(queueName, { connection: REDIS });
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('equals the single-process table when a worker is killed mid-chunk', async () => {
    workers = [startWorker(queueName), startWorker(queueName)];
    await until(() => workers.every((w) => w.events.some((e) => e.event === 'ready')));
    const [victim, survivor] = workers;
    const run = coordinator.run(`sweep-${randomUUID()}`, request);
    // Kill the victim as soon as it starts its second chunk: it dies holding that chunk.
    await until(() => victim.events.filter((e) => e.event === 'chunk_start').length >= 2);
    victim.child.kill('SIGKILL');
    const lost = victim.events.filter((e) => e.event === 'chunk_start').at(-1)?.chunk as number;
    expect(victim.events.filter((e) => e.event === 'chunk_done').map((e) => e.chunk)).not.toContain(lost);

    const distributed = await run;
    const single = optimize(request);
    expectSameTrials(distributed.trials, single.trials);
    expect(distributed.best.parameters).toEqual(single.best.parameters);
    expect(sameNumber(distributed.deflatedSharpeRatio, single.deflatedSharpeRatio)).toBe(true);
    expect(distributed.evaluated).toBe(single.evaluated);
    // The chunk the victim held was evaluated again by the survivor.
    expect(survivor.events.filter((e) => e.event === 'chunk_done').map((e) => e.chunk)).toContain(lost);
  });
});
