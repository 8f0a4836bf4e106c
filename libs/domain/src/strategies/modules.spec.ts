import { parseBacktestConfig } from '../config/backtest-config';
import { BacktestResult } from '../engine/backtest-result';
import { backtestEvent } from '../engine/event/backtest-event';
import { EventStrategy } from '../engine/event/strategy';
import { alignMarket } from '../engine/market-data';
import { runStrategy } from '../engine/run-strategy';
import { ValidationError } from '../errors/domain-error';
import { sma } from '../kernels/indicators';
import { tradesOf } from '../model/trade';
import { loadSharedData } from '../testing';
import { StrategyModule, strategyFromModule } from './modules';
import { BUILT_IN_STRATEGIES, StrategyRegistry } from './registry';
import { smaCrossover } from './sma-crossover';
import { computeSignals } from './strategy-definition';

const goog = loadSharedData('GOOG.csv');
const config = parseBacktestConfig({ initialCapital: 10_000, closeAtEnd: false });
const trades = (r: BacktestResult) => tradesOf(r.trades, r.symbols, r.time);

/** SMA crossover (long/flat) written as `signals`: the built-in `sma_crossover` recomputed as a whole matrix. */
const smaSignals: StrategyModule = {
  id: 'sma_signals',
  description: 'SMA crossover as a target matrix.',
  parameters: {
    fast: { type: 'integer', default: 10, min: 1, description: 'Fast window.' },
    slow: { type: 'integer', default: 30, min: 2, description: 'Slow window.' },
  },
  warmupBars: (p) => p.slow as number,
  signals: (market, p) => {
    const { n, close } = market;
    const fast = sma(close, p.fast as number);
    const slow = sma(close, p.slow as number);
    const target = new Float64Array(n).fill(NaN);
    for (let i = 1; i < n; i++) {
      if (fast[i - 1] <= slow[i - 1] && fast[i] > slow[i]) target[i] = 1;
      else if (fast[i - 1] >= slow[i - 1] && fast[i] < slow[i]) target[i] = 0;
    }
    return target;
  },
};

/** Buys 10 units on bar 40 with a stop-loss stop_pct below, counting its calls in `state`. */
const bracketOnBar: StrategyModule = {
  id: 'bracket_on_bar',
  description: 'One bracket order.',
  parameters: { stop_pct: { type: 'number', default: 0.05, min: 0, max: 1, description: 'Stop distance.' } },
  init: (_setup, _p, state) => {
    state.calls = 0;
  },
  onBar: (ctx, p, state) => {
    state.calls = (state.calls as number) + 1;
    if (ctx.index === 40) ctx.submit({ symbol: 'GOOG', side: 'buy', quantity: 10, stopLoss: ctx.bar().close * (1 - (p.stop_pct as number)) });
  },
};

describe('strategyFromModule: signals', () => {
  const definition = strategyFromModule(smaSignals, 'sma-signals.ts');
  const params = { fast: 10, slow: 30 };

  it('trades exactly as the built-in it reimplements, on both engines', () => {
    const builtIn = trades(runStrategy(config, [goog], smaCrossover, { ...params, position_size: 1, allow_short: false }));
    expect(builtIn.length).toBeGreaterThan(20);
    expect(trades(runStrategy(config, [goog], definition, params, 'vector'))).toEqual(builtIn);
    const event = runStrategy(config, [goog], definition, params, 'event');
    expect(event.engine).toBe('event');
    expect(trades(event)).toEqual(builtIn);
  });

  it('joins a registry, which checks its parameters like a built-in', () => {
    const registry = new StrategyRegistry([...BUILT_IN_STRATEGIES, definition]);
    expect(registry.ids()).toContain('sma_signals');
    expect(registry.parameters('sma_signals', { fast: 5 })).toEqual({ fast: 5, slow: 30 });
    expect(() => registry.parameters('sma_signals', { fast: 1.5 })).toThrow('strategy_parameters.fast: expected an integer');
    expect(() => registry.parameters('sma_signals', { speed: 3 })).toThrow('strategy_parameters.speed');
  });

  it('checks the returned matrix on every run, naming the module', () => {
    const market = alignMarket([goog]);
    const returning = (target: unknown) =>
      strategyFromModule({ ...smaSignals, warmupBars: undefined, signals: () => target }, 'bad.ts');
    expect(() => computeSignals(returning(new Float64Array(3)), market, params)).toThrow(
      `strategy_modules[bad.ts].signals: expected a returned Float64Array of n × k = ${goog.length} × 1 target weights, found [object Float64Array] of length 3`,
    );
    expect(() => computeSignals(returning(Array(goog.length).fill(0)), market, params)).toThrow('found an array');
    expect(() => computeSignals(returning(new Float64Array(goog.length).fill(Infinity)), market, params)).toThrow('found Infinity for GOOG at bar 0');
    const badWarmup = strategyFromModule({ ...smaSignals, warmupBars: () => -1 }, 'bad.ts');
    expect(() => badWarmup.warmupBars(params)).toThrow('strategy_modules[bad.ts].warmupBars: expected a returned integer ≥ 0, found -1');
  });
});

describe('strategyFromModule: onBar', () => {
  const definition = strategyFromModule(bracketOnBar, 'bracket.ts');

  it('runs on the event engine whichever engine is asked, as the same strategy run directly', () => {
    const direct: EventStrategy = {
      onBar: (ctx) => {
        if (ctx.index === 40) ctx.submit({ symbol: 'GOOG', side: 'buy', quantity: 10, stopLoss: ctx.bar().close * 0.99 });
      },
    };
    const expected = trades(backtestEvent(config, alignMarket([goog]), direct));
    expect(expected).toHaveLength(1);
    for (const engine of ['vector', 'event'] as const) {
      const result = runStrategy(config, [goog], definition, { stop_pct: 0.01 }, engine);
      expect(result.engine).toBe('event');
      expect(trades(result)).toEqual(expected);
    }
  });

  it('gives each run a fresh state, filled by init', () => {
    const seen: Record<string, unknown>[] = [];
    const spyModule: StrategyModule = {
      ...bracketOnBar,
      onBar: (ctx, p, state) => {
        if (ctx.index === 0) seen.push(state);
        bracketOnBar.onBar?.(ctx, p, state);
      },
    };
    const spy = strategyFromModule(spyModule, 'spy.ts');
    runStrategy(config, [goog], spy, { stop_pct: 0.05 });
    runStrategy(config, [goog], spy, { stop_pct: 0.05 });
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
    expect(seen.map((state) => state.calls)).toEqual([goog.length, goog.length]);
  });

  it('has no signal matrix, so vectorized callers get an error naming strategy_id', () => {
    expect(() => computeSignals(definition, alignMarket([goog]), { stop_pct: 0.05 })).toThrow(
      'strategy_id: expected a strategy with a vectorized form (signals) for signal matrices and parameter searches, found bracket_on_bar, an onBar module',
    );
  });
});

describe('strategyFromModule: validation names the module file and field', () => {
  const cases: [string, unknown, string][] = [
    ['no default export', undefined, 'strategy_modules[m.ts]: expected a default export'],
    ['a misspelt hook', { ...smaSignals, onbar: () => undefined }, 'strategy_modules[m.ts].onbar: expected one of id, description'],
    ['a bad id', { ...smaSignals, id: 'SMA-signals' }, 'strategy_modules[m.ts].id: expected snake_case letters, digits and _, found "SMA-signals"'],
    ['no description', { ...smaSignals, description: '' }, 'strategy_modules[m.ts].description: expected a non-empty string'],
    ['parameters not an object', { ...smaSignals, parameters: [] }, 'strategy_modules[m.ts].parameters: expected an object of parameter specs'],
    ['a bad parameter type', { ...smaSignals, parameters: { fast: { type: 'float', default: 1, description: '' } } }, 'strategy_modules[m.ts].parameters.fast.type: expected one of integer, number, boolean, found "float"'],
    ['a parameter without description', { ...smaSignals, parameters: { fast: { type: 'integer', default: 1 } } }, 'strategy_modules[m.ts].parameters.fast.description: expected a string'],
    ['a bound on a boolean', { ...smaSignals, parameters: { on: { type: 'boolean', default: true, min: 0, description: '' } } }, 'strategy_modules[m.ts].parameters.on.min: expected no bound on a boolean'],
    ['min above max', { ...smaSignals, parameters: { fast: { type: 'integer', default: 5, min: 9, max: 3, description: '' } } }, 'strategy_modules[m.ts].parameters.fast.max: expected ≥ min (9), found 3'],
    ['a default out of bounds', { ...smaSignals, parameters: { fast: { type: 'integer', default: 0, min: 1, description: '' } } }, 'strategy_modules[m.ts].parameters.fast: expected ≥ 1, found 0'],
    ['a default of the wrong type', { ...smaSignals, parameters: { on: { type: 'boolean', default: 1, description: '' } } }, 'strategy_modules[m.ts].parameters.on: expected a boolean, found 1'],
    ['minSymbols 0', { ...smaSignals, minSymbols: 0 }, 'strategy_modules[m.ts].minSymbols: expected an integer ≥ 1, found 0'],
    ['maxSymbols below minSymbols', { ...smaSignals, minSymbols: 3, maxSymbols: 2 }, 'strategy_modules[m.ts].maxSymbols: expected an integer ≥ 3, found 2'],
    ['a hook that is not a function', { ...smaSignals, warmupBars: 30 }, 'strategy_modules[m.ts].warmupBars: expected a function, found 30'],
    ['neither signals nor onBar', { ...smaSignals, signals: undefined }, 'strategy_modules[m.ts].signals: expected signals(market, params) or onBar(ctx, params, state), found neither'],
    ['both signals and onBar', { ...smaSignals, onBar: () => undefined }, 'strategy_modules[m.ts].onBar: expected only one of signals and onBar'],
    ['init beside signals', { ...smaSignals, init: () => undefined }, 'strategy_modules[m.ts].init: expected onBar beside it'],
  ];
  it.each(cases)('rejects %s', (_name, mod, message) => {
    let error: unknown;
    try {
      strategyFromModule(mod, 'm.ts');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain(message);
  });
});
