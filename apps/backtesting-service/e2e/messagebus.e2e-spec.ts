import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AcceptedReply, BacktestingClient, ExecutionCompletedEvent, RedisBus, RequestReply, Topics } from '@nautilus/messagebus';
import { randomUUID } from 'node:crypto';
import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';
import { firstValueFrom } from 'rxjs';
import request from 'supertest';
import { connectMessageBus } from '../src/messaging/connect-message-bus';
import { createTestApp, validBody } from './test-app';

// Real Redis on 127.0.0.1:6379, as on every machine of this project and in CI.
const REDIS = { host: '127.0.0.1', port: 6379 };
jest.setTimeout(60_000);

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function accepted(reply: RequestReply, status: AcceptedReply['status'] = 'accepted'): AcceptedReply {
  expect(reply.status).toBe(status);
  return reply as AcceptedReply;
}

async function busApp(redis: { host: string; port: number }): Promise<NestExpressApplication> {
  const app = await createTestApp({ messageBus: redis, busIntervalMs: 200 }, 2_000);
  await connectMessageBus(app);
  await app.listen(0, '127.0.0.1');
  return app;
}

describe('message bus on a real Redis', () => {
  let app: NestExpressApplication;
  let client: BacktestingClient;
  let nest: ClientProxy;
  let observer: RedisBus;

  beforeAll(async () => {
    app = await busApp(REDIS);
    client = new BacktestingClient(REDIS);
    expect(await client.connect()).toBe(true);
    nest = ClientProxyFactory.create({ transport: Transport.REDIS, options: REDIS });
    await nest.connect();
    observer = new RedisBus(REDIS);
    await observer.connect();
    await until(async () => ((await request(app.getHttpServer()).get('/health')).body.components.message_bus.inbound.listening ? true : undefined));
  });
  afterAll(async () => {
    await client.close();
    nest.close();
    await observer.close();
    await app.close();
  });

  it('reports the bus in /health as measured', async () => {
    const health = (await request(app.getHttpServer()).get('/health').expect(200)).body;
    expect(health.components.message_bus).toMatchObject({ mode: 'redis', connected: true, host: '127.0.0.1', port: 6379, inbound: { listening: true } });
  });

  it('runs a backtest requested by the typed client and delivers the same numbers as REST', async () => {
    const started: string[] = [];
    const off = observer.subscribe<{ execution_id: string }>(Topics.ExecutionStarted, (e) => {
      started.push(e.execution_id);
    });
    await observer.ready();
    const done = await client.runBacktest(validBody());
    off();
    expect(done.status).toBe('completed');
    expect(started).toContain(done.execution_id);
    const rest = (await request(app.getHttpServer()).get(`/backtests/${done.execution_id}/results`).expect(200)).body;
    expect(done.performance_metrics).toEqual(rest.performance_metrics);
    expect(done.trades_summary).toEqual(rest.trades_summary);
  });

  it('answers a NestJS ClientProxy on the Redis transport', async () => {
    const reply = await firstValueFrom(nest.send<{ status: string; execution_id: string }>(`backtest.execute.${randomUUID()}`, validBody()));
    expect(reply.status).toBe('accepted');
    const job = await until(async () => {
      const b = (await request(app.getHttpServer()).get(`/backtests/${reply.execution_id}`)).body;
      return b.status === 'completed' ? b : undefined;
    });
    expect(job.trades_completed).toBeGreaterThan(0);
  });

  it('answers malformed requests with an error naming the field, and keeps serving', async () => {
    const cases: [string, unknown, string][] = [
      [Topics.BacktestExecute, {}, 'backtest_name'],
      [Topics.BacktestExecute, [1, 2], 'body'],
      [Topics.BacktestExecute, validBody({ initial_capital: -5 }), 'initial_capital'],
      [Topics.BacktestExecute, validBody({ strategy_id: 'nope' }), 'strategy_id'],
      [Topics.BacktestExecute, validBody({ hacker: true }), 'hacker'],
      [Topics.StrategyValidate, validBody({ backtest_type: 'monte_carlo' }), 'backtest_type'],
      [Topics.BacktestOptimize, { backtest_id: randomUUID(), parameter_ranges: { fast: [5] } }, 'backtest_id'],
      [Topics.RiskScenario, { scenarios: [] }, 'backtest_id'],
    ];
    for (const [topic, body, field] of cases) {
      const reply = await client.request(topic as typeof Topics.BacktestExecute, body);
      expect(reply).toMatchObject({ status: 'error', field });
    }
    // Not JSON, and no request id: the error goes to <channel>.reply as an event.
    const channel = `backtest.execute.${randomUUID()}`;
    const errors: unknown[] = [];
    const off = observer.subscribe(`${channel}.reply`, (p) => {
      errors.push(p);
    });
    await observer.ready();
    await observer.publishRaw(channel, 'this is not json');
    await until(() => (errors.length ? true : undefined));
    off();
    expect(errors[0]).toMatchObject({ status: 'error', field: 'body' });
    expect((await client.runBacktest(validBody())).status).toBe('completed');
  });

  it('starts the matching job on every inbound topic', async () => {
    const base = await client.runBacktest(validBody());
    const opt = accepted(await client.request(Topics.BacktestOptimize, { backtest_id: base.execution_id, parameter_ranges: { fast: [5, 10], slow: [30, 60] }, seed: 1 }));
    const optDone: ExecutionCompletedEvent = await client.awaitCompletion(opt.optimization_id as string);
    expect(optDone.status).toBe('completed');
    expect(optDone.best_parameters).toBeDefined();

    const validation = accepted(await client.request(Topics.StrategyValidate, { ...validBody(), backtest_type: undefined }));
    expect(validation).toMatchObject({ status: 'accepted', backtest_type: 'strategy_validation' });
    expect((await client.awaitCompletion(validation.execution_id as string)).status).toBe('completed');

    const portfolio = accepted(await client.request(Topics.PortfolioOptimize, {
      ...validBody({ symbols: ['GOOG', 'ORCL'], portfolio_optimization: { method: 'min_variance', lookback_bars: 60, rebalance_bars: 63 } }),
      backtest_type: undefined,
      strategy_id: undefined,
      strategy_parameters: undefined,
    }));
    expect(portfolio).toMatchObject({ status: 'accepted', backtest_type: 'portfolio_optimization' });
    expect((await client.awaitCompletion(portfolio.execution_id as string)).status).toBe('completed');

    const stress = accepted(await client.request(Topics.RiskScenario, { backtest_id: base.execution_id, scenarios: [{ name: 'gap', market_shocks: { GOOG: -0.2 } }] }), 'completed');
    expect((stress.scenarios as { name: string }[]).map((s) => s.name)).toEqual(['gap']);
  });

  it('publishes health and performance snapshots on their interval', async () => {
    const seen = new Set<string>();
    const offs = [Topics.HealthMetrics, Topics.PerformanceSummary].map((t) => observer.subscribe(t, (_p, topic) => void seen.add(topic)));
    await observer.ready();
    await until(() => (seen.size === 2 ? true : undefined), 5_000);
    offs.forEach((off) => off());
  });
});

/** A TCP relay to Redis that the test can cut and restore, to play a Redis outage. */
class RedisRelay {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = createServer((inbound) => {
      const outbound = connect(REDIS.port, REDIS.host);
      for (const s of [inbound, outbound]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describe('message bus through a Redis outage', () => {
  it('keeps serving REST while Redis is gone and reconnects when it is back', async () => {
    const relay = new RedisRelay();
    await relay.start();
    const app = await busApp({ host: '127.0.0.1', port: relay.port });
    const http = () => request(app.getHttpServer());
    const bus = async () => (await http().get('/health').expect(200)).body.components.message_bus;
    try {
      await until(async () => ((await bus()).inbound.listening ? true : undefined));
      await relay.stop();
      await until(async () => ((await bus()).connected === false ? true : undefined));
      const id = (await http().post('/backtests').send(validBody()).expect(202)).body.execution_id;
      await until(async () => ((await http().get(`/backtests/${id}`)).body.status === 'completed' ? true : undefined));
      expect((await bus()).events_failed).toBeGreaterThan(0);
      await relay.start(relay.port);
      await until(async () => {
        const b = await bus();
        return b.connected && b.inbound.listening ? true : undefined;
      });
      const client = new BacktestingClient({ host: '127.0.0.1', port: relay.port });
      await client.connect();
      expect((await client.runBacktest(validBody())).status).toBe('completed');
      await client.close();
    } finally {
      await app.close();
      await relay.stop();
    }
  });
});
