import { createSweepWorker } from '@nautilus/messagebus';
import { loadWorkerConfig } from './worker-config';

// One JSON line per event on stdout, so logs can be collected and tests can follow the chunks.
const log = (event: string, fields: Record<string, unknown> = {}) => process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), pid: process.pid, event, ...fields })}\n`);

const config = loadWorkerConfig();
const worker = createSweepWorker(config.redis, {
  ...(config.queueName ? { queueName: config.queueName } : {}),
  concurrency: config.concurrency,
  lockDurationMs: config.lockDurationMs,
  stalledIntervalMs: config.stalledIntervalMs,
  onChunk: (event, job) => log(`chunk_${event}`, { sweep: job.sweepId, chunk: job.chunk, from: job.from, to: job.to }),
});
worker.on('ready', () => log('ready', { redis: `${config.redis.host}:${config.redis.port}`, queue: worker.name, concurrency: config.concurrency }));
worker.on('failed', (job, error) => log('chunk_failed', { chunk: job?.data.chunk, error: error.message }));
worker.on('error', (error) => log('error', { error: error.message }));

const stop = async () => {
  log('stopping');
  await worker.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
