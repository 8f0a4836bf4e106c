import { sliceBarSeriesByTime } from '@nautilus/domain';
import { loadSharedData, seriesColumns, workspaceRoot } from '@nautilus/domain/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvFileSource } from './csv-file-source';
import { EmbeddedBarStore } from './embedded-store';
import { HubHttpSource } from './hub-http-source';
import { SourceChain } from './source-chain';

describe('SourceChain', () => {
  const goog = loadSharedData('GOOG.csv');
  const goog2005 = sliceBarSeriesByTime(goog, Date.UTC(2005, 0, 1), Date.UTC(2005, 11, 31));
  const btc = loadSharedData('BTCUSD.csv', 'REMOTE');
  const hubRequests: string[] = [];
  let server: Server;
  let dir: string;
  let chain: SourceChain;

  beforeAll(async () => {
    // A real hub holding REMOTE (the BTCUSD bars) and GOOG, to show that local GOOG shadows it.
    server = createServer((req, res) => {
      hubRequests.push(req.url ?? '');
      const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/symbols') return send({ symbols: ['GOOG', 'REMOTE'] });
      if (req.url?.startsWith('/bars/REMOTE')) return send({ symbol: 'REMOTE', frequency: '1M', ...seriesColumns(btc) });
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dir = mkdtempSync(join(tmpdir(), 'nautilus-chain-'));
    const store = new EmbeddedBarStore(join(dir, 'bars.sqlite'));
    store.upsert('GOOG', '1d', goog2005);
    chain = new SourceChain({
      store,
      csv: new CsvFileSource([join(workspaceRoot(), '..', 'shared', 'data')]),
      hub: new HubHttpSource({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 1000 }),
    });
  });
  afterAll(async () => {
    chain.close();
    rmSync(dir, { recursive: true, force: true });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves each symbol from the first member that has it, without asking the hub for local symbols', async () => {
    expect(seriesColumns(await chain.load('GOOG'))).toEqual(seriesColumns(goog2005));
    expect((await chain.load('ORCL')).length).toBe(5036);
    expect(hubRequests).toEqual([]);
    expect(seriesColumns(await chain.load('REMOTE'))).toEqual(seriesColumns(btc));
    await expect(chain.load('NOPE')).rejects.toMatchObject({ code: 'not_found', field: 'symbols', value: 'NOPE' });
    expect(await chain.has('remote')).toBe(true);
    expect(await chain.has('NOPE')).toBe(false);
  });

  it('passes the frequency to the member', async () => {
    await expect(chain.load('REMOTE', {}, '1d')).rejects.toMatchObject({ field: 'frequency' });
    expect((await chain.load('EURUSD', {}, '1d')).time[0]).toBe(Date.UTC(2017, 3, 19));
  });

  it('gives raw rows from the member that has the symbol', async () => {
    expect((await chain.loadRaw('GOOG')).close.length).toBe(goog2005.length);
    expect((await chain.loadRaw('ORCL')).close.length).toBe(5036);
  });

  it('lists the union of the symbols, names its members and describes them', async () => {
    expect(await chain.listSymbols()).toEqual(expect.arrayContaining(['GOOG', 'ORCL', 'EURUSD', 'REMOTE']));
    expect(chain.name).toBe('embedded-store+csv-files+marketdata-hub');
    expect(chain.describe()).toEqual({
      embedded_store: { configured: true, path: join(dir, 'bars.sqlite') },
      csv_files: { configured: true, directories: [join(workspaceRoot(), '..', 'shared', 'data')] },
      marketdata_hub: { configured: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeout_ms: 1000 },
    });
    const csvOnly = new SourceChain({ csv: new CsvFileSource([]) });
    expect(csvOnly.name).toBe('csv-files');
    expect(csvOnly.describe()).toMatchObject({ embedded_store: { configured: false }, marketdata_hub: { configured: false } });
  });
});
