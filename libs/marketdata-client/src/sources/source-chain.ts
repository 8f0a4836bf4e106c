import { BarColumns, BarSeries, NotFoundError } from '@nautilus/domain';
import { TimeRange } from '../market-data-source';
import { MarketDataFrequency } from '../mapping/resample';
import { CsvFileSource } from './csv-file-source';
import { EmbeddedBarStore } from './embedded-store';
import { FrequencyAwareSource } from './frequency-aware-source';
import { HubHttpSource } from './hub-http-source';

/** The members of a {@link SourceChain}; each is optional. */
export interface SourceChainMembers {
  readonly store?: EmbeddedBarStore;
  readonly csv?: CsvFileSource;
  readonly hub?: HubHttpSource;
}

/** Which members of a {@link SourceChain} are configured, for /health (snake_case, as served). */
export interface SourceChainDescription {
  readonly embedded_store: { readonly configured: false } | { readonly configured: true; readonly path: string };
  readonly csv_files: { readonly configured: false } | { readonly configured: true; readonly directories: readonly string[] };
  readonly marketdata_hub: { readonly configured: false } | { readonly configured: true; readonly url: string; readonly timeout_ms: number };
}

/**
 * Tries its members in a fixed order — embedded store, CSV files, hub — and serves each symbol from
 * the first that has it, so local data shadows remote data and the hub is only asked for what is
 * missing locally. A symbol no member has is NotFoundError('symbols'). Errors of the member that has
 * the symbol (a hub timeout, say) are not hidden by falling through to the next.
 */
export class SourceChain implements FrequencyAwareSource {
  /** The configured members' names joined by `+`, e.g. `embedded-store+csv-files+marketdata-hub`. */
  readonly name: string;
  private readonly sources: readonly FrequencyAwareSource[];

  constructor(readonly members: SourceChainMembers) {
    this.sources = [members.store, members.csv, members.hub].filter((s): s is NonNullable<typeof s> => s !== undefined);
    this.name = this.sources.map((s) => s.name).join('+');
  }

  /** Returns the union of the members' symbols, sorted. */
  async listSymbols(): Promise<string[]> {
    const all = new Set<string>();
    for (const source of this.sources) for (const symbol of await source.listSymbols()) all.add(symbol);
    return [...all].sort();
  }

  async has(symbol: string): Promise<boolean> {
    return (await this.memberFor(symbol)) !== undefined;
  }

  async load(symbol: string, range?: TimeRange, frequency?: MarketDataFrequency): Promise<BarSeries> {
    const source = await this.memberFor(symbol);
    if (!source) throw new NotFoundError('symbols', symbol);
    return source.load(symbol, range, frequency);
  }

  /** Returns the raw rows of the member that has `symbol`, or its bars as columns when it keeps no raw rows. */
  async loadRaw(symbol: string): Promise<Required<BarColumns>> {
    const source = await this.memberFor(symbol);
    if (!source) throw new NotFoundError('symbols', symbol);
    return source.loadRaw ? source.loadRaw(symbol) : source.load(symbol);
  }

  /** Returns which members are configured and where they read from. */
  describe(): SourceChainDescription {
    const { store, csv, hub } = this.members;
    return {
      embedded_store: store ? { configured: true, path: store.path } : { configured: false },
      csv_files: csv ? { configured: true, directories: csv.directories } : { configured: false },
      marketdata_hub: hub ? { configured: true, url: hub.baseUrl, timeout_ms: hub.timeoutMs } : { configured: false },
    };
  }

  /** Closes the embedded store's database file, if there is one. */
  close(): void {
    this.members.store?.close();
  }

  private async memberFor(symbol: string): Promise<FrequencyAwareSource | undefined> {
    for (const source of this.sources) if (await source.has(symbol)) return source;
    return undefined;
  }
}
