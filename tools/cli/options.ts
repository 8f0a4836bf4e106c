import { BacktestRequest, ObjectiveSpec, OptimizeRequest, RangeSpec } from '@nautilus/analytics';
import { BacktestConfigInput, BarSeries, EngineKind } from '@nautilus/domain';
import { Flags, FlagSpecs } from './args';
import { CliInputError } from './cli-error';

/** Flags of the strategy and its parameters. */
export const STRATEGY_FLAGS: FlagSpecs = {
  strategy: { arity: 'value', value: '<id>', help: 'strategy id: buy_and_hold, sma_crossover, mean_reversion, momentum, breakout, rules' },
  params: { arity: 'list', value: '<json|name=value…>', help: `parameters as JSON ('{"fast":10}') or name=value pairs (fast=10 allow_short=true)` },
};

/** Flags of the simulated account. */
export const CONFIG_FLAGS: FlagSpecs = {
  cash: { arity: 'value', value: '<amount>', help: 'initial capital (default 10000)' },
  commission: { arity: 'value', value: '<rate>', help: 'commission as a fraction of notional, e.g. 0.002 (default 0)' },
  'slippage-bps': { arity: 'value', value: '<bps>', help: 'slippage in basis points of the price (default 0)' },
  'keep-open': { arity: 'switch', help: "leave the last position open instead of closing it at the last close (backtesting.py's default)" },
};

/** Flags of a parameter search. */
export const SEARCH_FLAGS: FlagSpecs = {
  grid: { arity: 'list', value: '<name=spec…>', help: 'values to search: fast=5:50:5 (min:max:step), slow=20,30,60 (a list) or allow_short=true,false' },
  target: { arity: 'value', value: '<metric>', help: 'objective: sharpe_ratio (default), total_return, sortino, calmar, max_drawdown, profit_factor' },
  constraint: { arity: 'list', value: "<'a < b'…>", help: "constraints between parameters, e.g. 'fast < slow'" },
};

/** The `--json` switch. */
export const JSON_FLAG: FlagSpecs = { json: { arity: 'switch', help: 'print machine-readable JSON on stdout instead of tables' } };

/** Returns a scalar from its command-line text: true/false, a number, or the text itself. */
function scalarOf(text: string): number | boolean | string {
  if (text === 'true' || text === 'false') return text === 'true';
  const v = Number(text);
  return text.trim() !== '' && Number.isFinite(v) ? v : text;
}

/** Returns --params as an object: one JSON object, or name=value pairs. */
export function parametersOf(flags: Flags): Record<string, unknown> {
  const tokens = flags.list('params');
  if (tokens.length === 1 && tokens[0].trim().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(tokens[0]);
    } catch (error) {
      throw new CliInputError('--params', `expected a JSON object, found invalid JSON (${(error as Error).message})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CliInputError('--params', `expected a JSON object, found ${tokens[0]}`);
    return parsed as Record<string, unknown>;
  }
  const out: Record<string, unknown> = {};
  for (const token of tokens) {
    const eq = token.indexOf('=');
    if (eq <= 0) throw new CliInputError('--params', `expected name=value or a JSON object, found '${token}'`);
    out[token.slice(0, eq)] = scalarOf(token.slice(eq + 1));
  }
  return out;
}

/** Returns the backtest configuration the flags set; the library checks the ranges. */
export function configOf(flags: Flags): BacktestConfigInput {
  const cash = flags.number('cash');
  const commission = flags.number('commission');
  const slippage = flags.number('slippage-bps');
  return {
    ...(cash === undefined ? {} : { initialCapital: cash }),
    ...(commission === undefined ? {} : { commission: { rate: commission } }),
    ...(slippage === undefined ? {} : { slippageBps: slippage }),
    ...(flags.has('keep-open') ? { closeAtEnd: false } : {}),
  };
}

/** Returns --engine (default vector). */
export function engineOf(flags: Flags): EngineKind {
  const engine = flags.value('engine') ?? 'vector';
  if (engine !== 'vector' && engine !== 'event') throw new CliInputError('--engine', `expected vector or event, found '${engine}'`);
  return engine;
}

/** Returns the backtest request of the flags on `series`. */
export function backtestRequestOf(flags: Flags, series: readonly BarSeries[]): BacktestRequest {
  return { series, strategyId: flags.required('strategy', 'the strategy id'), parameters: parametersOf(flags), config: configOf(flags), engine: engineOf(flags) };
}

/** Returns --grid as parameter ranges: `name=min:max:step`, `name=a,b,c` or `name=value`. */
export function gridOf(flags: Flags): Record<string, RangeSpec> {
  const tokens = flags.list('grid');
  if (tokens.length === 0) throw new CliInputError('--grid', 'required: the values to search, e.g. --grid fast=5:50:5 slow=20,30,60');
  const out: Record<string, RangeSpec> = {};
  for (const token of tokens) {
    const m = /^([A-Za-z_]\w*)=(.+)$/.exec(token);
    if (!m) throw new CliInputError('--grid', `expected name=min:max:step or name=a,b,c, found '${token}'`);
    const [, name, spec] = m;
    if (spec.includes(':')) {
      const parts = spec.split(':').map(Number);
      if (parts.length !== 3 || !parts.every(Number.isFinite)) throw new CliInputError('--grid', `expected ${name}=min:max:step with three numbers, found '${token}'`);
      out[name] = { min: parts[0], max: parts[1], step: parts[2] };
    } else {
      const values = spec.split(',').map(scalarOf);
      const bad = values.find((v) => typeof v === 'string');
      if (bad !== undefined) throw new CliInputError('--grid', `expected numbers or true/false in ${name}, found '${bad}'`);
      out[name] = values as (number | boolean)[];
    }
  }
  return out;
}

/** Returns --target (default sharpe_ratio); the library checks the name. */
export function targetOf(flags: Flags): ObjectiveSpec {
  return (flags.value('target') ?? 'sharpe_ratio') as ObjectiveSpec;
}

/** Returns the search request of the flags on `series`, without progress or method settings. */
export function searchRequestOf(flags: Flags, series: readonly BarSeries[]): OptimizeRequest {
  return {
    series,
    strategyId: flags.required('strategy', 'the strategy id'),
    baseParameters: parametersOf(flags),
    parameterRanges: gridOf(flags),
    config: configOf(flags),
    target: targetOf(flags),
    constraints: flags.list('constraint'),
  };
}
