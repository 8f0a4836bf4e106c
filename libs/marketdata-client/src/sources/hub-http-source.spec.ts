import { BarSeries, sliceBarSeriesByTime } from '@nautilus/domain';
import { loadSharedData, seriesColumns, workspaceRoot } from '@nautilus/domain/testing';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { adjustBarSeries } from '../mapping/adjust';
import { resampleBarSeries } from '../mapping/resample';
import { CsvFileSource } from './csv-file-source';
import { HubBarsResponse, HubHttpSource } from './hub-http-source';
import { UpstreamError } from './upstream-error';

/** Returns `series` in the hub's wire format. */
function wire(symbol: string, frequency: HubBarsResponse['frequency'], series: BarSeries, adjFactor?: number[]): HubBarsResponse {
  return { symbol, frequency, ...seriesColumns(series), ...(adjFactor ? { adj_factor: adjFactor } : {}) };
}

const DATA: Record<string, { series: BarSeries; frequency: HubBarsResponse['frequency'] }> = {
  GOOG: { series: loadSharedData('GOOG.csv'), frequency: '1d' },
  ORCL: { series: loadSharedData('orcl-1995-2014.txt', 'ORCL'), frequency: '1d' },
  EURUSD: { series: loadSharedData('EURUSD.csv'), frequency: '1h' },
};

/**
 * A real HTTP hub on 127.0.0.1 serving the shared files in the wire format, plus symbols that
 * misbehave: SLOW never answers, STALL sends headers and half a body, FLAKY fails once, DOWN always
 * fails, GARBAGE is not JSON, BADTYPE and BADBAR break the format, ADJ carries adjustment factors,
 * NORANGE ignores the range asked for, MISLABEL sends hourly bars as 1d, CUT breaks off its body
 * after the headers, BADREQ answers 400 with a reason.
 */
class TestHub {
  readonly requests: string[] = [];
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  count(path: string): number {
    return this.requests.filter((r) => r.startsWith(path)).length;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://hub');
    this.requests.push(`${url.pathname}${url.search}`);
    const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/v1/symbols') return json(200, { symbols: Object.keys(DATA) });
    const symbol = /^\/v1\/bars\/([^/]+)$/.exec(url.pathname)?.[1];
    const goog = DATA.GOOG.series;
    switch (symbol) {
      case undefined:
        return json(404, { error: 'no route' });
      case 'SLOW':
        return;
      case 'STALL':
        res.writeHead(200, { 'content-type': 'application/json' }).write('{"symbol":"STALL",');
        return;
      case 'FLAKY':
        return this.count('/v1/bars/FLAKY') === 1 ? json(500, { error: 'boom' }) : json(200, wire('FLAKY', '1d', goog));
      case 'DOWN':
        return json(503, { error: 'down' });
      case 'GARBAGE':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json');
      case 'BADTYPE':
        return json(200, { ...wire('BADTYPE', '1d', goog), close: 'nope' });
      case 'BADBAR': {
        const bars = wire('BADBAR', '1d', goog);
        return json(200, { ...bars, close: bars.close.map((c, i) => (i === 5 ? -1 : c)) });
      }
      case 'ADJ':
        return json(200, wire('ADJ', '1d', sliceBarSeriesByTime(goog, -Infinity, goog.time[2]), [0.5, 0.5, 1]));
      case 'NORANGE':
        return json(200, wire('NORANGE', '1d', goog));
      case 'MISLABEL':
        return json(200, wire('MISLABEL', '1d', DATA.EURUSD.series));
      case 'CUT': {
        const body = JSON.stringify(wire('CUT', '1d', goog));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) }).write(body.slice(0, 100));
        // Later than the headers, as when a connection drops mid-transfer.
        setTimeout(() => res.destroy(), 50);
        return;
      }
      case 'BADREQ':
        return json(400, { error: 'start after end' });
    }
    const data = DATA[symbol];
    if (!data) return json(404, { error: `unknown symbol ${symbol}` });
    const start = url.searchParams.get('start');
    const end = url.searchParams.get('end');
    const sliced = sliceBarSeriesByTime(data.series, start ? Date.parse(start) : -Infinity, end ? Date.parse(end) : Infinity);
    // Like a hub that stores one frequency and leaves resampling to the client.
    return json(200, wire(symbol, data.frequency, sliced));
  }
}

describe('HubHttpSource against a real HTTP server', () => {
  const hub = new TestHub();
  const csv = new CsvFileSource([join(workspaceRoot(), '..', 'shared', 'data')]);
  let source: HubHttpSource;

  beforeAll(async () => {
    source = new HubHttpSource({ baseUrl: await hub.start(), timeoutMs: 2000 });
  });
  afterAll(() => hub.stop());

  it('lists the symbols and serves bars equal to the CSV files bit for bit', async () => {
    expect(await source.listSymbols()).toEqual(['EURUSD', 'GOOG', 'ORCL']);
    expect(await source.has('orcl')).toBe(true);
    expect(await source.has('NVDA')).toBe(false);
    expect(seriesColumns(await source.load('ORCL'))).toEqual(seriesColumns(await csv.load('ORCL')));
    const range = { start: Date.UTC(2005, 0, 1), end: Date.UTC(2005, 11, 31) };
    const goog = await source.load('goog', range);
    expect(goog.symbol).toBe('GOOG');
    expect(seriesColumns(goog)).toEqual(seriesColumns(await csv.load('GOOG', range)));
    expect(hub.requests).toContain('/v1/bars/GOOG?start=2005-01-01T00%3A00%3A00.000Z&end=2005-12-31T00%3A00%3A00.000Z');
  });

  it('resamples hourly bars the hub sends for a daily request, asking for whole days', async () => {
    const eurusd = DATA.EURUSD.series;
    expect(seriesColumns(await source.load('EURUSD', {}, '1d'))).toEqual(seriesColumns(resampleBarSeries(eurusd, '1d')));
    const day = await source.load('EURUSD', { start: Date.UTC(2017, 3, 19, 12), end: Date.UTC(2017, 3, 20) }, '1d');
    expect(hub.requests).toContain('/v1/bars/EURUSD?start=2017-04-20T00%3A00%3A00.000Z&end=2017-04-20T23%3A59%3A59.999Z&frequency=1d');
    expect(seriesColumns(day)).toMatchObject({ time: [Date.UTC(2017, 3, 20)], open: [1.07146], high: [1.07775], low: [1.07072], close: [1.07142], volume: [25433] });
    await expect(source.load('GOOG', {}, '1h')).rejects.toMatchObject({ field: 'frequency', found: '1h', code: 'validation_failed' });
  });

  it('applies the adjustment factors the hub sends', async () => {
    const goog = DATA.GOOG.series;
    const adjusted = await source.load('ADJ');
    expect(seriesColumns(adjusted)).toEqual(seriesColumns(adjustBarSeries(sliceBarSeriesByTime(goog, -Infinity, goog.time[2]), [0.5, 0.5, 1])));
    expect(adjusted.open[0]).toBe(50);
  });

  it('maps a 404 to NotFoundError on symbols and an empty answer to ValidationError on start_date', async () => {
    await expect(source.load('NOPE')).rejects.toMatchObject({ code: 'not_found', field: 'symbols', value: 'NOPE' });
    await expect(source.load('GOOG', { start: Date.UTC(2020, 0, 1) })).rejects.toMatchObject({ code: 'validation_failed', field: 'start_date' });
  });

  it('times out a hub that does not answer, or stops half-way through the body', async () => {
    for (const symbol of ['SLOW', 'STALL']) {
      const error = await source.load(symbol).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ code: 'upstream_timeout', field: 'marketdata_hub', timeoutMs: 2000, url: `${source.baseUrl}/bars/${symbol}` });
      expect((error as Error).message).toContain('2000 ms');
    }
    expect(hub.count('/v1/bars/SLOW')).toBe(1);
  });

  it('retries a 5xx once, then fails with the status', async () => {
    expect(seriesColumns(await source.load('FLAKY'))).toEqual(seriesColumns(DATA.GOOG.series));
    expect(hub.count('/v1/bars/FLAKY')).toBe(2);
    await expect(source.load('DOWN')).rejects.toMatchObject({ code: 'upstream_error', field: 'marketdata_hub', status: 503 });
    expect(hub.count('/v1/bars/DOWN')).toBe(2);
  });

  it('names the field of a body that breaks the wire format', async () => {
    await expect(source.load('GARBAGE')).rejects.toMatchObject({ code: 'upstream_malformed', responseField: 'body' });
    await expect(source.load('BADTYPE')).rejects.toMatchObject({ code: 'upstream_malformed', responseField: 'close' });
    const badBar = await source.load('BADBAR').catch((e: unknown) => e);
    expect(badBar).toMatchObject({ code: 'upstream_malformed', responseField: 'close[5]' });
    expect((badBar as Error).message).toContain('a finite positive price');
  });

  it('rejects bars outside the range asked for, naming the first', async () => {
    const start = DATA.GOOG.series.time[10];
    const error = await source.load('NORANGE', { start }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'upstream_malformed', responseField: 'time[0]' });
    expect((error as Error).message).toContain(`field time[0]: expected a time within the range asked for (${new Date(start).toISOString()} … …), found 2004-08-19T00:00:00.000Z`);
  });

  it('rejects finer bars labelled with a coarser frequency instead of serving them unresampled', async () => {
    const error = await source.load('MISLABEL', {}, '1d').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'upstream_malformed', responseField: 'time[1]' });
    expect((error as Error).message).toContain('expected one bar per 1d bucket, as frequency says, found 2017-04-19T10:00:00.000Z in the bucket of 2017-04-19T09:00:00.000Z');
  });

  it('tells a body cut off after the headers from an unreachable hub', async () => {
    const error = await source.load('CUT').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'upstream_error', status: 200 });
    expect((error as Error).message).toContain('the body of the HTTP 200 answer broke off before its end');
  });

  it("quotes the hub's reason for a 4xx", async () => {
    const error = await source.load('BADREQ').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'upstream_error', status: 400 });
    expect((error as Error).message).toMatch(/: HTTP 400: "\{\\"error\\":\\"start after end\\"\}"$/);
  });

  it('fails with upstream_error when nothing listens', async () => {
    const closed = new TestHub();
    const url = await closed.start();
    await closed.stop();
    await expect(new HubHttpSource({ baseUrl: url, timeoutMs: 1000 }).listSymbols()).rejects.toMatchObject({ code: 'upstream_error', field: 'marketdata_hub' });
  });
});
