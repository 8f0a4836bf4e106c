import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { BarColumns, BarSeries, NotFoundError } from '@nautilus/domain';
import { syntheticRandomWalk, workspaceRoot } from '@nautilus/domain/testing';
import { CsvFileSource, FrequencyAwareSource, MarketDataFrequency, TimeRange } from '@nautilus/marketdata-client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.factory';
import { loadServiceConfig, ServiceConfig } from '../src/core/service-config';
import { MARKET_DATA, SERVICE_CONFIG } from '../src/core/tokens';

/** The bundled and shared CSV files plus WALK, a long synthetic series that keeps a worker busy. */
class TestMarketData implements FrequencyAwareSource {
  readonly name = 'csv-files+synthetic';
  private readonly csv: CsvFileSource;
  private readonly walk: BarSeries;

  constructor(walkBars: number, extraDirectories: readonly string[] = []) {
    const root = workspaceRoot();
    this.csv = new CsvFileSource([join(root, 'data', 'samples'), join(root, '..', 'shared', 'data'), ...extraDirectories]);
    this.walk = syntheticRandomWalk(walkBars, 3, { symbol: 'WALK', drift: 0, volatility: 0.01 });
  }

  async listSymbols(): Promise<string[]> {
    return [...(await this.csv.listSymbols()), 'WALK'];
  }

  async has(symbol: string): Promise<boolean> {
    return symbol.toUpperCase() === 'WALK' || this.csv.has(symbol);
  }

  async loadRaw(symbol: string): Promise<Required<BarColumns>> {
    if (symbol.toUpperCase() !== 'WALK') return this.csv.loadRaw(symbol);
    return { ...this.walk };
  }

  async load(symbol: string, range?: TimeRange, frequency?: MarketDataFrequency): Promise<BarSeries> {
    if (symbol.toUpperCase() !== 'WALK') return this.csv.load(symbol, range, frequency);
    if (!this.walk) throw new NotFoundError('symbols', symbol);
    return this.walk;
  }
}

/** Returns a fresh temporary SQLite path. */
export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'nautilus-e2e-')), 'jobs.sqlite');
}

/** Starts the real app (all modules, real SQLite, real worker threads) with test settings. */
export async function createTestApp(overrides: Partial<ServiceConfig> = {}, walkBars = 300_000, extraDataDirectories: readonly string[] = []): Promise<NestExpressApplication> {
  return startApp(overrides, new TestMarketData(walkBars, extraDataDirectories));
}

/** Starts the real app on its own market-data chain (store, CSV folders, hub, cache) as configured in `overrides`. */
export async function createAppWithDefaultSources(overrides: Partial<ServiceConfig> = {}): Promise<NestExpressApplication> {
  return startApp(overrides);
}

async function startApp(overrides: Partial<ServiceConfig>, market?: FrequencyAwareSource): Promise<NestExpressApplication> {
  const config: ServiceConfig = { ...loadServiceConfig({}), dbPath: tempDbPath(), ...overrides };
  let builder = Test.createTestingModule({ imports: [AppModule] }).overrideProvider(SERVICE_CONFIG).useValue(config);
  if (market) builder = builder.overrideProvider(MARKET_DATA).useValue(market);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
  configureApp(app);
  await app.init();
  return app;
}

/** The fields of GET /backtests/:id the tests read. */
export interface JobView {
  readonly execution_id: string;
  readonly status: string;
  readonly error: string | null;
  readonly hardware_used: string | null;
  readonly [field: string]: unknown;
}

/** Polls GET /backtests/:id until the job has finished (completed, failed or cancelled) and returns its view. */
export async function finishedJob(app: INestApplication, id: string, timeoutMs = 60_000): Promise<JobView> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const job = (await request(app.getHttpServer()).get(`/backtests/${id}`)).body;
    if (['completed', 'failed', 'cancelled', 'failed_interrupted'].includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`job ${id} did not finish within ${timeoutMs} ms`);
}

/** A valid request body; tests override fields to break it. */
export function validBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    backtest_name: 'GOOG SMA 10/30',
    backtest_type: 'strategy_validation',
    start_date: '2004-08-19',
    end_date: '2013-03-01',
    symbols: ['GOOG'],
    strategy_id: 'sma_crossover',
    strategy_parameters: { fast: 10, slow: 30, allow_short: true },
    initial_capital: 10_000,
    close_at_end: false,
    ...overrides,
  };
}
