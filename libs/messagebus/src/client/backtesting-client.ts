import { randomUUID } from 'node:crypto';
import { ExecutionCompletedEvent, RequestReply } from '../contracts/payloads';
import { RequestPacket, replyTopic } from '../contracts/wire';
import { RedisBus, RedisBusOptions } from '../redis/redis-bus';
import { topicFor, Topics } from '../topics';

/** Raised when the service refuses a request (bad input) or does not answer in time. */
export class BacktestingClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'BacktestingClientError';
  }
}

type InboundTopic = typeof Topics.BacktestExecute | typeof Topics.BacktestOptimize | typeof Topics.StrategyValidate | typeof Topics.RiskScenario | typeof Topics.PortfolioOptimize;

/**
 * A typed client of the backtesting service over Redis, for other Nx apps: send a request on an
 * inbound topic, get the service's reply, and await the job's completion event. Speaks NestJS's
 * Redis transport protocol, so it works with any Nest service using that transport.
 */
export class BacktestingClient {
  private readonly bus: RedisBus;
  private readonly completed = new Map<string, ExecutionCompletedEvent>();
  private readonly waiters = new Map<string, (e: ExecutionCompletedEvent) => void>();

  constructor(options: RedisBusOptions) {
    this.bus = new RedisBus(options);
    // Subscribed before any request, so a job that finishes before its reply arrives is not missed.
    for (const pattern of [Topics.ExecutionCompleted, Topics.OptimizationCompleted]) {
      this.bus.subscribe<ExecutionCompletedEvent>(pattern, (event) => {
        const waiter = this.waiters.get(event.execution_id);
        if (waiter) waiter(event);
        else this.completed.set(event.execution_id, event);
      });
    }
  }

  /** Connects to Redis; resolves false when it is not reachable yet (the client keeps retrying). */
  async connect(): Promise<boolean> {
    const ok = await this.bus.connect();
    if (ok) await this.bus.ready();
    return ok;
  }

  /** Sends `data` on `pattern` (its `*` filled with a fresh request id) and resolves with the reply. */
  async request(pattern: InboundTopic, data: unknown, timeoutMs = 10_000): Promise<RequestReply> {
    const requestId = randomUUID();
    const topic = topicFor(pattern, requestId);
    const packet: RequestPacket = { pattern: topic, data, id: requestId };
    const reply = await this.bus.requestRaw(topic, replyTopic(topic), JSON.stringify(packet), requestId, timeoutMs);
    if (reply.err !== undefined && reply.err !== null) throw new BacktestingClientError('transport_error', typeof reply.err === 'string' ? reply.err : JSON.stringify(reply.err));
    return reply.response as RequestReply;
  }

  /** Requests a backtest (any backtest_type) and resolves with its completion event. */
  async runBacktest(body: Record<string, unknown>, timeoutMs = 60_000): Promise<ExecutionCompletedEvent> {
    const reply = await this.request(Topics.BacktestExecute, body, Math.min(timeoutMs, 10_000));
    if (reply.status === 'error') throw new BacktestingClientError(reply.error, reply.message, reply.field);
    return this.awaitCompletion(reply.execution_id as string, timeoutMs);
  }

  /** Resolves with the completion event of job `executionId`. */
  awaitCompletion(executionId: string, timeoutMs = 60_000): Promise<ExecutionCompletedEvent> {
    const done = this.completed.get(executionId);
    if (done) {
      this.completed.delete(executionId);
      return Promise.resolve(done);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(executionId);
        reject(new BacktestingClientError('timeout', `no completion of ${executionId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(executionId, (event) => {
        clearTimeout(timer);
        this.waiters.delete(executionId);
        resolve(event);
      });
    });
  }

  async close(): Promise<void> {
    await this.bus.close();
  }
}
