import { Global, Module } from '@nestjs/common';
import { StrategyRegistry } from '@nautilus/domain';
import { CsvFileSource } from '@nautilus/marketdata-client';
import { JobStore } from '../jobs/job-store';
import { loadServiceConfig, ServiceConfig } from './service-config';
import { JOB_STORE, MARKET_DATA, SERVICE_CONFIG, STRATEGY_REGISTRY } from './tokens';

/** Provides the library objects through factories, so tests can override any of them. */
@Global()
@Module({
  providers: [
    { provide: SERVICE_CONFIG, useFactory: () => loadServiceConfig() },
    { provide: STRATEGY_REGISTRY, useFactory: () => new StrategyRegistry() },
    { provide: MARKET_DATA, useFactory: (config: ServiceConfig) => new CsvFileSource(config.dataDirectories), inject: [SERVICE_CONFIG] },
    { provide: JOB_STORE, useFactory: (config: ServiceConfig) => new JobStore(config.dbPath), inject: [SERVICE_CONFIG] },
  ],
  exports: [SERVICE_CONFIG, STRATEGY_REGISTRY, MARKET_DATA, JOB_STORE],
})
export class CoreModule {}
