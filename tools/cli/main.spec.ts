import { CliIo } from './command';
import { EXIT_BAD_INPUT, EXIT_OK, runCli } from './main';

/** Runs the CLI in this process and returns its exit code and output. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {}, cwd: process.cwd() };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

const SMA = ['--strategy', 'sma_crossover', '--params', 'fast=10', 'slow=30'];

describe('runCli', () => {
  it.each([
    [['run', '--symbol', 'GOOG', ...SMA, '--cash', 'lots'], "error: --cash: expected a number, found 'lots'"],
    [['run', '--symbol', 'GOOG', ...SMA, '--cash', '-5'], 'error: --cash: initialCapital: expected a number > 0, found -5'],
    [['run', '--symbol', 'GOOG', ...SMA, '--commission', '0.9'], 'error: --commission: commission.rate: expected a number ≤ 0.5, found 0.9'],
    [['run', '--symbol', 'GOOG', ...SMA, '--engine', 'gpu'], "error: --engine: expected vector or event, found 'gpu'"],
    [['run', '--symbol', 'GOOG', ...SMA, '--json=yes'], 'error: --json: a switch takes no value'],
    [['run', '--symbol', 'GOOG', ...SMA, '--cash', '5', '--cash', '6'], 'error: --cash: given twice'],
    [['run', '--symbol', 'GOOG', '--strategy'], 'error: --strategy: expected a value <id>'],
    [['run', '--symbol', 'GOOG', '--strategy', 'nope'], "error: --strategy: strategy_id: 'nope' not found"],
    [['run', '--symbol', 'GOOG', '--strategy', 'sma_crossover', '--params', '{"fast":'], 'error: --params: expected a JSON object, found invalid JSON'],
    [['run', '--symbol', 'GOOG', '--strategy', 'sma_crossover', '--params', 'fast'], "error: --params: expected name=value or a JSON object, found 'fast'"],
    [['run', '--symbol', 'NOPE', ...SMA], "error: --symbol: NOPE in the data folders: symbols: 'NOPE' not found"],
    [['run', '--symbol', 'GOOG', '--strategy', 'sma_crossover', '--params', 'slow=3000'], "error: --symbol: bars: expected more than 3000 bars for sma_crossover's warm-up"],
    [['run', '--data', 'missing.csv', ...SMA], 'error: --data: no such file: missing.csv'],
    [['run', ...SMA], 'error: --data: required: --data <file> or --symbol <SYMBOL>'],
    [['run', '--symbol', 'GOOG', ...SMA, '--from', 'yesterday'], "error: --from: expected a date such as 2010-01-31, found 'yesterday'"],
    [['run', '--symbol', 'GOOG', ...SMA, '--from', '2031-01-01'], 'error: --from: no bars of GOOG in the range; its data runs from 2004-08-19 to 2013-03-01'],
    [['run', 'stray', '--symbol', 'GOOG', ...SMA], 'error: stray: unexpected argument'],
    [['report', '--symbol', 'GOOG', ...SMA], 'error: --out: required: the HTML file to write'],
    [['optimize', '--symbol', 'GOOG', ...SMA], 'error: --grid: required'],
    [['optimize', '--symbol', 'GOOG', ...SMA, '--grid', 'fast=5:x:5'], "error: --grid: expected fast=min:max:step with three numbers, found 'fast=5:x:5'"],
    [['optimize', '--symbol', 'GOOG', ...SMA, '--grid', 'fast=a,b'], "error: --grid: expected numbers or true/false in fast, found 'a'"],
    [['optimize', '--symbol', 'GOOG', ...SMA, '--grid', 'speed=1,2'], 'error: --grid: parameter_ranges.speed'],
    [['optimize', '--symbol', 'GOOG', ...SMA, '--grid', 'fast=5,10', '--target', 'luck'], 'error: --target: optimization_target'],
    [['optimize', '--symbol', 'GOOG', ...SMA, '--grid', 'fast=5,10', '--method', 'annealing'], "error: --method: expected grid or random, found 'annealing'"],
    [['optimize', '--symbol', 'GOOG', ...SMA, '--grid', 'fast=5,10', '--constraint', 'fast <'], 'error: --constraint: constraints'],
    [['walk-forward', '--symbol', 'GOOG', ...SMA, '--grid', 'fast=5,10', '--test', '100'], 'error: --train: required'],
    [['walk-forward', '--symbol', 'GOOG', ...SMA, '--grid', 'fast=5,10', '--train', '5000', '--test', '100'], 'error: --train: train_bars: expected train_bars + test_bars ≤ the 2148 bars available'],
    [['validate-data', '--symbol', 'GOOG', 'ORCL'], 'error: --symbol: expected one symbol to validate'],
    [['validate-data', '--symbol', 'GOOG', '--min-coverage', '120'], 'error: --min-coverage: min_coverage_pct: expected a number in [0, 100]'],
    [['import-data', '--file', 'GOOG.csv', '--symbol', 'GOOG'], 'error: --store: required'],
    [['frobnicate'], "error: unknown command 'frobnicate'"],
  ])('%j exits with 2: %s', async (args, message) => {
    const { code, stdout, stderr } = await cli(...args);
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('prints the commands, and the flags of one', async () => {
    expect((await cli('--help')).stdout).toContain('walk-forward');
    const help = await cli('optimize', '--help');
    expect(help.code).toBe(EXIT_OK);
    expect(help.stdout).toMatch(/^ {2}--grid <name=spec…> +values to search/m);
    expect((await cli()).code).toBe(EXIT_BAD_INPUT);
  });
});
