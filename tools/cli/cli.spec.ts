/**
 * The CLI as a user runs it: a child process of bin/nautilus-backtest.js, its JSON output compared
 * with the library called directly on the same data.
 */
import { backtest, optimize, walkForward } from '@nautilus/analytics';
import { readOhlcvColumns } from '@nautilus/domain';
import { loadSharedData, sharedDataPath, workspaceRoot } from '@nautilus/domain/testing';
import { validateSymbolData } from '@nautilus/marketdata-client';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(120_000);

const ROOT = workspaceRoot();
const goog = loadSharedData('GOOG.csv');
const SMA = ['--strategy', 'sma_crossover', '--params', 'fast=10', 'slow=30', 'allow_short=true'];

/** Runs the CLI with `args` from the workspace root and returns its exit code and output. */
function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'nautilus-backtest.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Returns `value` as it reads back from JSON (NaN and ±Infinity become null). */
const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));

describe('nautilus-backtest', () => {
  it('run --json prints the stats backtest() computes, and the table without --json', () => {
    const { code, stdout, stderr } = cli('run', '--symbol', 'GOOG', ...SMA, '--keep-open', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    const direct = backtest({ series: [goog], strategyId: 'sma_crossover', parameters: { fast: 10, slow: 30, allow_short: true }, config: { closeAtEnd: false } });
    expect(out.stats).toEqual(viaJson(direct.stats));
    // backtesting.py's figures for this run (libs/analytics/src/golden/backtesting-py.spec.ts).
    expect(out.stats.numTrades).toBe(65);
    expect(out.trades).toHaveLength(65);
    expect(out.parameters).toEqual({ fast: 10, slow: 30, position_size: 1, allow_short: true });

    const table = cli('run', '--data', sharedDataPath('GOOG.csv'), ...SMA, '--keep-open');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^# Trades\s+65$/m);
    expect(table.stdout).toMatch(/^Equity Final \[\$\]\s+51959\.95$/m);
  });

  it('exits with 2 and names the flag on bad input, with nothing on stdout (more cases in main.spec.ts)', () => {
    const unknown = cli('run', '--symbol', 'GOOG', ...SMA, '--cahs', '5');
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining('error: --cahs: unknown flag') });
    const library = cli('run', '--symbol', 'GOOG', '--strategy', 'sma_crossover', '--params', 'fast=30', 'slow=10', '--json');
    expect(library).toEqual({ code: 2, stdout: '', stderr: 'error: --params: strategy_parameters.fast: expected < slow (10), found 30\n' });
  });

  it('optimize --json prints what optimize() returns', () => {
    const { code, stdout } = cli('optimize', '--symbol', 'GOOG', ...SMA, '--grid', 'fast=5:20:5', 'slow=30,60', '--target', 'sortino', '--in-sample', '0.6', '--json');
    expect(code).toBe(0);
    const direct = optimize({
      series: [goog],
      strategyId: 'sma_crossover',
      baseParameters: { fast: 10, slow: 30, allow_short: true },
      parameterRanges: { fast: { min: 5, max: 20, step: 5 }, slow: [30, 60] },
      target: 'sortino',
      inSampleFraction: 0.6,
      config: {},
      constraints: [],
    });
    expect(JSON.parse(stdout)).toEqual(viaJson(direct));
    expect(direct.evaluated).toBe(8);
  });

  it('walk-forward --json prints what walkForward() returns', () => {
    const { code, stdout } = cli('walk-forward', '--symbol', 'GOOG', ...SMA, '--grid', 'fast=5,10,20', 'slow=30,60', '--train', '500', '--test', '250', '--anchored', '--json');
    expect(code).toBe(0);
    const direct = walkForward(
      { series: [goog], strategyId: 'sma_crossover', baseParameters: { fast: 10, slow: 30, allow_short: true }, parameterRanges: { fast: [5, 10, 20], slow: [30, 60] }, target: 'sharpe_ratio', config: {}, constraints: [] },
      { trainBars: 500, testBars: 250, anchored: true },
    );
    expect(JSON.parse(stdout)).toEqual(viaJson(direct));
  });

  it('validate-data --json prints the report validateSymbolData() gives on the rows as stored', () => {
    const file = sharedDataPath('EURUSD.csv');
    const { code, stdout } = cli('validate-data', '--data', file, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(viaJson(validateSymbolData('EURUSD', readOhlcvColumns(readFileSync(file, 'utf8'), { lenient: true }))));
  });

  it('imports a file into the embedded store and backtests from there, and writes the HTML report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nautilus-cli-'));
    const store = join(dir, 'bars.sqlite');
    const imported = cli('import-data', '--file', sharedDataPath('GOOG.csv'), '--symbol', 'GOOG', '--store', store, '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ symbol: 'GOOG', frequency: '1d', bars: goog.length });
    const fromStore = JSON.parse(cli('run', '--symbol', 'GOOG', '--store', store, ...SMA, '--json').stdout);
    const fromCsv = JSON.parse(cli('run', '--symbol', 'GOOG', ...SMA, '--json').stdout);
    expect(fromStore.stats).toEqual(fromCsv.stats);

    const out = join(dir, 'report.html');
    const report = cli('report', '--symbol', 'GOOG', ...SMA, '--out', out);
    expect(report.code).toBe(0);
    expect(report.stderr).toBe(`report written to ${out}\n`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<title>sma_crossover(fast=10, slow=30, position_size=1, allow_short=true) on GOOG');
    expect(html).toContain('"# Trades":66');
  });
});
