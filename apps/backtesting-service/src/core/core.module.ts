import { Global, Module } from '@nestjs/common';
import { StrategyRegistry } from '@nautilus/domain';
import { CsvFileSource } from '@nautilus/marketdata-client';
import { InProcessBus, MessageBus, RedisBus } from '@nautilus/messagebus';
import { JobStore } from '../jobs/job-store';
import { loadServiceConfig, ServiceConfig } from './service-config';
import { JOB_STORE, MARKET_DATA, MESSAGE_BUS, SERVICE_CONFIG, STRATEGY_REGISTRY } from './tokens';

/** Provides the library objects through factories, so tests can override any of them. */
@Global()
@Module({
  providers: [
    { provide: SERVICE_CONFIG, useFactory: () => loadServiceConfig() },
    { provide: STRATEGY_REGISTRY, useFactory: () => new StrategyRegistry() },
    { provide: MARKET_DATA, useFactory: (config: ServiceConfig) => new CsvFileSource(config.dataDirectories), inject: [SERVICE_CONFIG] },
    { provide: JOB_STORE, useFactory: (config: ServiceConfig) => new JobStore(config.dbPath), inject: [SERVICE_CONFIG] },
    {
      provide: MESSAGE_BUS,
      // One connection attempt before the app starts; if it fails the bus retries in the background.
      useFactory: async (config: ServiceConfig): Promise<MessageBus> => {
        if (!config.messageBus) return new InProcessBus();
        const bus = new RedisBus(config.messageBus);
        await bus.connect();
        return bus;
      },
      inject: [SERVICE_CONFIG],
    },
  ],
  exports: [SERVICE_CONFIG, STRATEGY_REGISTRY, MARKET_DATA, JOB_STORE, MESSAGE_BUS],
})
export class CoreModule {}
