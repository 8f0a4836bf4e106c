import { Inject, Injectable } from '@nestjs/common';
import { ValidationError } from '@nautilus/domain';
import { MarketDataSource, SymbolDataQuality, validateSymbolData } from '@nautilus/marketdata-client';
import { ServiceConfig } from '../core/service-config';
import { MARKET_DATA, SERVICE_CONFIG } from '../core/tokens';
import { ValidateDataDto } from './dto/validate-data.dto';

const endOfDay = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T23:59:59.999Z` : iso);

/** Checks the data behind symbols before anyone backtests on it; the rules live in the library. */
@Injectable()
export class DataService {
  constructor(
    @Inject(MARKET_DATA) private readonly market: MarketDataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async validate(dto: ValidateDataDto) {
    const startMs = dto.start_date === undefined ? undefined : Date.parse(dto.start_date);
    const endMs = dto.end_date === undefined ? undefined : endOfDay(dto.end_date);
    if (startMs !== undefined && endMs !== undefined && endMs < startMs) throw new ValidationError('end_date', `a date on or after start_date (${dto.start_date})`, String(dto.end_date));
    const known = await this.market.listSymbols();
    const symbols = dto.symbols ?? known;
    if (symbols.length > this.config.maxSymbols) throw new ValidationError('symbols', `at most ${this.config.maxSymbols} symbols per request`, String(symbols.length));
    const options = {
      ...(startMs === undefined ? {} : { startMs }),
      ...(endMs === undefined ? {} : { endMs }),
      jumpSigmas: dto.jump_sigmas ?? 6,
      minCoveragePct: dto.min_coverage_pct ?? 95,
    };
    const reports: SymbolDataQuality[] = [];
    for (const symbol of symbols) reports.push(validateSymbolData(symbol.toUpperCase(), await this.rowsOf(symbol), options));
    const available = reports.filter((r) => r.available);
    return {
      validated_at: new Date().toISOString(),
      calendar: 'NYSE (computed by rule; see docs/data-validation.md)',
      data_sources: [{ name: this.market.name, symbols: known.length }],
      summary: {
        symbols_checked: reports.length,
        available: available.length,
        ready_for_backtest: reports.filter((r) => r.ready_for_backtest).length,
        mean_data_quality_score: available.length ? available.reduce((s, r) => s + r.data_quality_score, 0) / available.length : null,
      },
      symbols: reports,
    };
  }

  /** Returns the symbol's rows as stored (bad ones included when the source can), or undefined when it has none. */
  private async rowsOf(symbol: string) {
    if (!(await this.market.has(symbol))) return undefined;
    return this.market.loadRaw ? this.market.loadRaw(symbol) : this.market.load(symbol);
  }
}
