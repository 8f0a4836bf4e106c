import { validateSymbolData } from '@nautilus/marketdata-client';
import { workspaceRoot } from '@nautilus/domain/testing';
import { Command } from '../command';
import { DATA_FLAGS, dataFlagOf, dateRangeOf, loadRawColumns } from '../data';
import { JSON_FLAG } from '../options';
import { formatTable, toJson } from '../output';

/** `validate-data`: the data-quality report of one symbol (coverage of NYSE trading days, bad rows, readiness). */
export const validateDataCommand: Command = {
  name: 'validate-data',
  summary: 'report the quality of one symbol’s bars: NYSE coverage, missing periods, bad rows, score, readiness',
  flags: {
    ...DATA_FLAGS,
    'min-coverage': { arity: 'value', value: '<pct>', help: 'least coverage in percent to be ready for a backtest (default 95)' },
    ...JSON_FLAG,
  },
  fallbackFlag: dataFlagOf,
  async run(flags, io) {
    const { start, end } = dateRangeOf(flags);
    const minCoveragePct = flags.number('min-coverage');
    const { symbol, columns } = await loadRawColumns(flags, io, workspaceRoot());
    const report = validateSymbolData(symbol, columns, {
      ...(Number.isFinite(start) ? { startMs: start } : {}),
      ...(Number.isFinite(end) ? { endMs: end } : {}),
      ...(minCoveragePct === undefined ? {} : { minCoveragePct }),
    });
    if (flags.has('json')) {
      io.stdout.write(`${toJson(report)}\n`);
      return;
    }
    const badRows = Object.entries(report.bad_rows)
      .filter(([, r]) => r.count > 0)
      .map(([name, r]) => [name, String(r.count), `${r.first_rows.join(', ')}${r.count > r.first_rows.length ? ', …' : ''}`]);
    const lines = [
      `${report.symbol}: ${report.bars} bars, ${report.earliest_date ?? 'n/a'} … ${report.latest_date ?? 'n/a'}`,
      `coverage        ${report.coverage_pct === null ? 'n/a' : `${report.coverage_pct} %`} of ${report.expected_trading_days} NYSE trading days (${report.missing_trading_days} missing in ${report.missing_periods_total} gaps)`,
      ...report.missing_periods.map((p) => `  missing       ${p.start} … ${p.end} (${p.trading_days} days)`),
      `off-calendar    ${report.off_calendar_total} dates${report.off_calendar_dates.length ? ` (${report.off_calendar_dates.slice(0, 5).join(', ')}${report.off_calendar_total > 5 ? ', …' : ''})` : ''}`,
      `bad rows        ${report.bad_rows_total} (invalid for a backtest: ${report.invalid_rows_total})`,
      ...(badRows.length ? ['', formatTable(['class', 'rows', 'first rows'], badRows), ''] : []),
      `quality score   ${report.data_quality_score} / 100`,
      `ready           ${report.ready_for_backtest ? 'yes' : 'no'}`,
      ...report.recommendations.map((r) => `- ${r}`),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
  },
};
