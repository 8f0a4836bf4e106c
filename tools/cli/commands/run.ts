import { backtest, BacktestReport, formatStats, renderReportHtml } from '@nautilus/analytics';
import { BarSeries, StrategyRegistry, tradesOf } from '@nautilus/domain';
import { workspaceRoot } from '@nautilus/domain/testing';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Flags, FlagSpecs } from '../args';
import { CliInputError } from '../cli-error';
import { CliIo, Command } from '../command';
import { DATA_FLAGS, dataFlagOf, loadSeries } from '../data';
import { backtestRequestOf, CONFIG_FLAGS, JSON_FLAG, STRATEGY_FLAGS } from '../options';
import { isoDay, toJson } from '../output';
import { reportInputOf } from '../report';

const ENGINE_FLAG: FlagSpecs = { engine: { arity: 'value', value: '<vector|event>', help: 'simulation engine (default vector; both give the same trades)' } };

/** A backtest of the flags, with what describes it. */
interface Run {
  readonly series: BarSeries[];
  readonly report: BacktestReport;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** One line: the strategy, its parameters and the data, e.g. for a report title. */
  readonly title: string;
}

async function runOf(flags: Flags, io: CliIo): Promise<Run> {
  const series = await loadSeries(flags, io, workspaceRoot());
  const request = backtestRequestOf(flags, series);
  // Validated here as well as in backtest(), to print the parameters with their defaults.
  const parameters = new StrategyRegistry().parameters(request.strategyId, request.parameters, series.length);
  const report = backtest(request);
  const { time } = report.result;
  const args = Object.entries(parameters)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : v}`)
    .join(', ');
  const title = `${request.strategyId}(${args}) on ${series.map((s) => s.symbol).join(', ')}, ${isoDay(time[0])} … ${isoDay(time[time.length - 1])}, ${time.length} bars, ${report.result.engine} engine`;
  return { series, report, parameters, title };
}

/** Writes the HTML report of `run` to `out` and says where on stderr. */
function writeReport(run: Run, out: string, io: CliIo): void {
  const path = resolve(io.cwd, out);
  try {
    writeFileSync(path, renderReportHtml(reportInputOf(run.title, run.report, run.series)));
  } catch (error) {
    throw new CliInputError('--report', `cannot write ${out}: ${(error as Error).message}`);
  }
  io.stderr.write(`report written to ${path}\n`);
}

/** `run`: one backtest, printed as backtesting.py's stats table or as JSON, with an optional HTML report. */
export const runCommand: Command = {
  name: 'run',
  summary: "run one backtest and print its stats table (backtesting.py's layout)",
  flags: { ...DATA_FLAGS, ...STRATEGY_FLAGS, ...CONFIG_FLAGS, ...ENGINE_FLAG, report: { arity: 'value', value: '<out.html>', help: 'also write the HTML report there' }, ...JSON_FLAG },
  fallbackFlag: dataFlagOf,
  async run(flags, io) {
    const run = await runOf(flags, io);
    const { result, stats } = run.report;
    if (flags.has('json')) {
      const trades = tradesOf(result.trades, result.symbols, result.time);
      io.stdout.write(`${toJson({ strategy: flags.value('strategy'), parameters: run.parameters, engine: result.engine, symbols: result.symbols, stats, trades })}\n`);
    } else {
      io.stdout.write(`${run.title}\n\n${formatStats(stats)}\n`);
    }
    const out = flags.value('report');
    if (out !== undefined) writeReport(run, out, io);
  },
};

/** `report`: one backtest written as the self-contained HTML report. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'run one backtest and write its HTML report (equity, drawdown, trades, monthly returns, stats)',
  flags: { ...DATA_FLAGS, ...STRATEGY_FLAGS, ...CONFIG_FLAGS, ...ENGINE_FLAG, out: { arity: 'value', value: '<out.html>', help: 'where to write the report (required)' } },
  fallbackFlag: dataFlagOf,
  async run(flags, io) {
    const out = flags.required('out', 'the HTML file to write');
    writeReport(await runOf(flags, io), out, io);
  },
};
