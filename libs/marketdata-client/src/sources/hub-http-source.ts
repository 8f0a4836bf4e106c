import { BarFrequency, BarSeries, createBarSeries, NotFoundError, ValidationError } from '@nautilus/domain';
import { TimeRange } from '../market-data-source';
import { adjustBarSeries } from '../mapping/adjust';
import { bucketStart, compareFrequencies, MARKET_DATA_FREQUENCIES, MarketDataFrequency, resampleBarSeries } from '../mapping/resample';
import { bucketRange, emptyRangeError, FrequencyAwareSource } from './frequency-aware-source';
import { UpstreamError } from './upstream-error';

/**
 * Body of `GET {baseUrl}/symbols`: every symbol the hub can serve.
 *
 * @example { "symbols": ["GOOG", "ORCL"] }
 */
export interface HubSymbolsResponse {
  readonly symbols: readonly string[];
}

/**
 * Body of `GET {baseUrl}/bars/{SYMBOL}?start=ISO&end=ISO&frequency=1d`: the bars as columns, one
 * array per field, all of the same length (columns rather than one object per bar, because the
 * field names are then sent once instead of once per bar).
 *
 * - `symbol`: the symbol asked for; `frequency`: that of the bars sent, `1m`, `5m`, `1h`, `1d`, `1w`
 *   or `1M`. It may be finer than asked (the client then resamples); a coarser one says the hub has
 *   no bars that fine, which the client reports as ValidationError('frequency').
 * - `time`: bar open times, epoch milliseconds UTC, strictly increasing, each within [start, end]
 *   (inclusive ISO-8601 instants; either may be absent for an open end). With a frequency the
 *   client asks for whole buckets of it, so finer bars resample to complete bars.
 * - `open`, `high`, `low`, `close`: positive prices, unadjusted; `volume`: non-negative.
 * - `adj_factor` (optional): a positive corporate-action factor per bar; the client multiplies
 *   prices by it and divides volume by it.
 *
 * Empty columns mean the range holds no bars; an unknown symbol is a 404.
 *
 * @example { "symbol": "GOOG", "frequency": "1d", "time": [1092873600000], "open": [100], "high": [104.06], "low": [95.96], "close": [100.34], "volume": [22351900] }
 */
export interface HubBarsResponse {
  readonly symbol: string;
  readonly frequency: BarFrequency;
  readonly time: readonly number[];
  readonly open: readonly number[];
  readonly high: readonly number[];
  readonly low: readonly number[];
  readonly close: readonly number[];
  readonly volume: readonly number[];
  readonly adj_factor?: readonly number[];
}

/** Options of {@link HubHttpSource}. */
export interface HubHttpSourceOptions {
  /** The hub's base URL, e.g. `http://marketdata:8080/v1`; a trailing slash is ignored. */
  readonly baseUrl: string;
  /** Time allowed for each attempt, from sending the request to reading the whole body (default 5000). */
  readonly timeoutMs?: number;
}

const HUB_FREQUENCIES: readonly BarFrequency[] = ['1m', '5m', '1h', '1d', '1w', '1M'];
const PRICE_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Serves bars from a remote MarketData hub over HTTP with the wire format of {@link HubBarsResponse}
 * and {@link HubSymbolsResponse}. Each request gets `timeoutMs` and fails with
 * {@link UpstreamError} `upstream_timeout`; a 5xx answer is retried once, immediately, because hubs
 * behind a load balancer often fail one instance at a time, then fails with `upstream_error`, as do
 * other HTTP errors and unreachable hubs; a body that breaks the wire format fails with
 * `upstream_malformed`, naming the field. A 404 for a symbol is NotFoundError('symbols').
 */
export class HubHttpSource implements FrequencyAwareSource {
  readonly name = 'marketdata-hub';
  readonly baseUrl: string;
  readonly timeoutMs: number;

  constructor(options: HubHttpSourceOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async listSymbols(): Promise<string[]> {
    const url = `${this.baseUrl}/symbols`;
    const body = await this.getJson(url);
    const symbols = (body as Partial<HubSymbolsResponse>).symbols;
    if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === 'string')) {
      throw new UpstreamError('upstream_malformed', url, 'field symbols: expected an array of strings', { responseField: 'symbols' });
    }
    return symbols.map((s) => s.toUpperCase()).sort();
  }

  async has(symbol: string): Promise<boolean> {
    return (await this.listSymbols()).includes(symbol.toUpperCase());
  }

  /**
   * Returns the hub's bars as {@link FrequencyAwareSource.load} describes, adjusted when the hub
   * sends `adj_factor`, and resampled here when the hub answers with finer bars than asked.
   */
  async load(symbol: string, range: TimeRange = {}, frequency?: MarketDataFrequency): Promise<BarSeries> {
    const key = symbol.toUpperCase();
    // Whole buckets, so that bars finer than asked still resample to complete coarse bars.
    const asked = frequency === undefined ? range : bucketRange(range, frequency);
    const query = new URLSearchParams();
    if (asked.start !== undefined) query.set('start', new Date(asked.start).toISOString());
    if (asked.end !== undefined) query.set('end', new Date(asked.end).toISOString());
    if (frequency !== undefined) query.set('frequency', frequency);
    const search = query.toString();
    const url = `${this.baseUrl}/bars/${encodeURIComponent(key)}${search === '' ? '' : `?${search}`}`;
    const body = await this.getJson(url, () => new NotFoundError('symbols', symbol));
    const { series, native } = barsOfResponse(key, body, url, asked);
    if (series.length === 0) throw emptyRangeError(key, range);
    if (frequency === undefined || frequency === native) return series;
    if (compareFrequencies(native, frequency) > 0) throw new ValidationError('frequency', `${native} or coarser (the finest bars the hub holds)`, frequency);
    return resampleBarSeries(series, frequency, native);
  }

  /** Returns the parsed JSON body of a GET, retrying a 5xx once; `notFound` builds the error of a 404. */
  private async getJson(url: string, notFound?: () => Error): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const { status, text } = await this.fetchText(url);
      if (status >= 500 && attempt < 2) continue;
      if (status === 404 && notFound) throw notFound();
      if (status < 200 || status >= 300) {
        // The hub's own words (e.g. {"error":"bad start"}) tell an operator more than the status alone.
        const said = text.trim() === '' ? '' : `: ${JSON.stringify(text.trim().slice(0, 120))}`;
        throw new UpstreamError('upstream_error', url, `HTTP ${status}${attempt > 1 ? ` on both attempts` : ''}${said}`, { status });
      }
      try {
        return JSON.parse(text);
      } catch {
        throw new UpstreamError('upstream_malformed', url, `body is not JSON: ${JSON.stringify(text.slice(0, 80))}`, { status, responseField: 'body' });
      }
    }
  }

  private async fetchText(url: string): Promise<{ status: number; text: string }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let status: number | undefined;
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } });
      status = response.status;
      // The body is read under the same timer: a hub that sends headers and then stalls is as slow as one that never answers.
      return { status, text: await response.text() };
    } catch (error) {
      if (controller.signal.aborted) throw new UpstreamError('upstream_timeout', url, `no complete answer within ${this.timeoutMs} ms`, { timeoutMs: this.timeoutMs });
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      // Headers arrived but the body was cut off: a partial answer, which must not read as an unreachable hub.
      if (status !== undefined) throw new UpstreamError('upstream_error', url, `the body of the HTTP ${status} answer broke off before its end (${reason})`, { status });
      throw new UpstreamError('upstream_error', url, `request failed: ${reason}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Returns the bars of a {@link HubBarsResponse} body for a request of `asked`, adjusted, or throws
 * UpstreamError `upstream_malformed` naming the field.
 */
function barsOfResponse(symbol: string, body: unknown, url: string, asked: TimeRange): { series: BarSeries; native: BarFrequency } {
  const malformed = (field: string, expected: string, found: string) =>
    new UpstreamError('upstream_malformed', url, `field ${field}: expected ${expected}, found ${found}`, { responseField: field });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw malformed('body', 'a JSON object', Array.isArray(body) ? 'an array' : String(body));
  const record = body as Record<string, unknown>;
  if (typeof record.symbol !== 'string' || record.symbol.toUpperCase() !== symbol) throw malformed('symbol', JSON.stringify(symbol), JSON.stringify(record.symbol) ?? 'nothing');
  const native = HUB_FREQUENCIES.find((f) => f === record.frequency);
  if (native === undefined) throw malformed('frequency', `one of ${HUB_FREQUENCIES.join(', ')}`, JSON.stringify(record.frequency) ?? 'nothing');
  const column = (field: string): Float64Array => {
    const values = record[field];
    if (!Array.isArray(values)) throw malformed(field, 'an array of numbers', values === undefined ? 'nothing' : JSON.stringify(values));
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v: unknown = values[i];
      if (typeof v !== 'number') throw malformed(`${field}[${i}]`, 'a number', JSON.stringify(v) ?? String(v));
      out[i] = v;
    }
    return out;
  };
  const [time, open, high, low, close, volume] = PRICE_COLUMNS.map(column);
  const adjFactor = record.adj_factor === undefined ? undefined : column('adj_factor');
  let series: BarSeries;
  try {
    series = createBarSeries(symbol, { time, open, high, low, close, volume });
    if (adjFactor) series = adjustBarSeries(series, adjFactor);
  } catch (error) {
    // The BarSeries checks apply, but the fault is the hub's, not the caller's.
    if (!(error instanceof ValidationError)) throw error;
    throw malformed(`${error.field}${error.rowIndex === undefined ? '' : `[${error.rowIndex}]`}`, error.expected, error.found);
  }
  const breach = timeBreach(series.time, native, asked);
  if (breach) throw malformed(`time[${breach.index}]`, breach.expected, breach.found);
  return { series, native };
}

/**
 * Returns the first bar time (sorted, as a BarSeries holds them) that breaks the wire format, or
 * undefined: a time outside the range asked for, which would hand the caller bars it did not ask
 * for, or a second bar in one bucket of the stated frequency, which would pass finer bars off as
 * coarse ones without resampling them. 1w and 1M bars have no fixed bucket and are not checked so.
 */
function timeBreach(time: Float64Array, native: BarFrequency, asked: TimeRange): { index: number; expected: string; found: string } | undefined {
  const iso = (t: number) => new Date(t).toISOString();
  const bucketed = MARKET_DATA_FREQUENCIES.find((f) => f === native);
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if ((asked.start !== undefined && t < asked.start) || (asked.end !== undefined && t > asked.end)) {
      const bounds = `${asked.start === undefined ? '…' : iso(asked.start)} … ${asked.end === undefined ? '…' : iso(asked.end)}`;
      return { index: i, expected: `a time within the range asked for (${bounds})`, found: iso(t) };
    }
    if (bucketed && i > 0 && bucketStart(t, bucketed) === bucketStart(time[i - 1], bucketed)) {
      return { index: i, expected: `one bar per ${bucketed} bucket, as frequency says`, found: `${iso(t)} in the bucket of ${iso(time[i - 1])}` };
    }
  }
  return undefined;
}
