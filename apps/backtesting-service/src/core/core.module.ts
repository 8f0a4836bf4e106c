import { Global, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CachedSource, createMarketDataSource, MarketDataSource } from '@nautilus/marketdata-client';
import { probeHardware } from '@nautilus/hardware-router';
import { InProcessBus, MessageBus, RedisBus } from '@nautilus/messagebus';
import { JobStore } from '../jobs/job-store';
import { loadServiceConfig, ServiceConfig } from './service-config';
import { createStrategyRegistry } from './strategy-modules';
import { HARDWARE, JOB_STORE, MARKET_DATA, MESSAGE_BUS, SERVICE_CONFIG, STRATEGY_REGISTRY } from './tokens';

/** Provides the library objects through factories, so tests can override any of them. */
@Global()
@Module({
  providers: [
    { provide: SERVICE_CONFIG, useFactory: () => loadServiceConfig() },
    { provide: STRATEGY_REGISTRY, useFactory: () => createStrategyRegistry() },
    {
      provide: MARKET_DATA,
      // Embedded store → CSV folders → hub, behind the TTL cache; members not configured are left out.
      useFactory: (config: ServiceConfig) => createMarketDataSource(config.marketData, config.dataDirectories),
      inject: [SERVICE_CONFIG],
    },
    { provide: JOB_STORE, useFactory: (config: ServiceConfig) => new JobStore(config.dbPath, { checkpointElsewhere: config.dbPath !== ':memory:' }), inject: [SERVICE_CONFIG] },
    // Probed once at start: a provider counts as present only if an ONNX session really ran on it.
    { provide: HARDWARE, useFactory: () => probeHardware() },
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
  exports: [SERVICE_CONFIG, STRATEGY_REGISTRY, MARKET_DATA, JOB_STORE, MESSAGE_BUS, HARDWARE],
})
export class CoreModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(MARKET_DATA) private readonly market: MarketDataSource) {}

  /** Lists the symbols once in the background, so that the first /health already has a reading. */
  onApplicationBootstrap(): void {
    if (this.market instanceof CachedSource) this.market.probeSymbols();
  }

  onApplicationShutdown(): void {
    if (this.market instanceof CachedSource) this.market.inner.close();
  }
}
