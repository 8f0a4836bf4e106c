import { workspaceRoot } from '@nautilus/domain/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMarketDataSource, marketDataConfigFromEnv } from './config';

describe('marketDataConfigFromEnv', () => {
  it('has defaults: no hub, 5000 ms timeout, 300 s cache, no store', () => {
    expect(marketDataConfigFromEnv({})).toEqual({ timeoutMs: 5000, cacheTtlMs: 300_000 });
    expect(marketDataConfigFromEnv({ MARKETDATA_HUB_URL: '', MARKETDATA_STORE_PATH: ' ' })).toEqual({ timeoutMs: 5000, cacheTtlMs: 300_000 });
  });

  it('reads every variable', () => {
    expect(
      marketDataConfigFromEnv({
        MARKETDATA_HUB_URL: 'https://hub.example/v1',
        MARKETDATA_TIMEOUT_MS: '250',
        MARKETDATA_CACHE_TTL: '0',
        MARKETDATA_STORE_PATH: 'data/bars.sqlite',
      }),
    ).toEqual({ hubUrl: 'https://hub.example/v1', timeoutMs: 250, cacheTtlMs: 0, storePath: 'data/bars.sqlite' });
  });

  it('names the variable that is malformed', () => {
    expect(() => marketDataConfigFromEnv({ MARKETDATA_HUB_URL: 'hub:8080' })).toThrow(expect.objectContaining({ field: 'MARKETDATA_HUB_URL' }));
    expect(() => marketDataConfigFromEnv({ MARKETDATA_TIMEOUT_MS: '0' })).toThrow(expect.objectContaining({ field: 'MARKETDATA_TIMEOUT_MS' }));
    expect(() => marketDataConfigFromEnv({ MARKETDATA_CACHE_TTL: '5m' })).toThrow(expect.objectContaining({ field: 'MARKETDATA_CACHE_TTL' }));
  });
});

describe('createMarketDataSource', () => {
  const shared = join(workspaceRoot(), '..', 'shared', 'data');

  it('builds the cached chain of what is configured', async () => {
    const source = createMarketDataSource(marketDataConfigFromEnv({}), [shared]);
    expect(source.name).toBe('csv-files');
    expect(source.inner.describe()).toEqual({
      embedded_store: { configured: false },
      csv_files: { configured: true, directories: [shared] },
      marketdata_hub: { configured: false },
    });
  });

  it('puts store, files and hub behind one cache whose counters move with an injected clock', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"symbols":["REMOTE"]}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = mkdtempSync(join(tmpdir(), 'nautilus-config-'));
    let nowMs = 0;
    const config = marketDataConfigFromEnv({
      MARKETDATA_HUB_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      MARKETDATA_TIMEOUT_MS: '1000',
      MARKETDATA_CACHE_TTL: '60',
      MARKETDATA_STORE_PATH: join(dir, 'bars.sqlite'),
    });
    const source = createMarketDataSource(config, [shared], { now: () => nowMs });
    try {
      expect(source.name).toBe('embedded-store+csv-files+marketdata-hub');
      expect(await source.listSymbols()).toEqual(expect.arrayContaining(['GOOG', 'REMOTE']));
      await source.load('GOOG');
      await source.load('GOOG');
      nowMs = 60_000;
      await source.load('GOOG');
      expect(source.stats()).toEqual({ hits: 1, misses: 2, evictions: 1, hit_rate: 1 / 3, entries: 1, ttl_ms: 60_000 });
    } finally {
      source.inner.close();
      rmSync(dir, { recursive: true, force: true });
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
