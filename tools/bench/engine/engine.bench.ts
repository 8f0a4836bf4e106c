/**
 * Bars per second of both engines on 1,000,000 synthetic bars (seeded random walk), beside a
 * baseline loop that only sums the closes, in the same process. Run: `npm run bench:engine`.
 */
import {
  alignMarket,
  backtestEvent,
  backtestVectorized,
  computeSignals,
  parseBacktestConfig,
  simulateTargets,
  simulationParamsOf,
  smaCrossover,
  StrategyRegistry,
  eventStrategyOf,
} from '@nautilus/domain';
import { syntheticRandomWalk } from '@nautilus/domain/testing';
import { cpus } from 'node:os';
import { printTable, time } from '../harness';

const N = Number(process.env.BENCH_BARS ?? 1_000_000);
// Zero drift keeps a million daily steps within float range; fractional units keep every signal tradable.
const series = syntheticRandomWalk(N, 42, { drift: 0, volatility: 0.01 });
const market = alignMarket([series]);
const config = parseBacktestConfig({ initialCapital: 100_000, commission: { rate: 0.001 }, lotSize: 0 });
const params = new StrategyRegistry().parameters('sma_crossover', { fast: 10, slow: 30, allow_short: true });
const target = computeSignals(smaCrossover, market, params);
const simParams = simulationParamsOf(config);
const equityOnly = { equity: new Float64Array(N) };
const full = { equity: new Float64Array(N), cash: new Float64Array(N), exposure: new Float64Array(N) };

const rows = [
  time('baseline: sum of closes', () => {
    const c = series.close;
    let s = 0;
    for (let i = 0; i < c.length; i++) s += c[i];
    return s;
  }),
  time('vector kernel: equity only (signals given)', () => simulateTargets(market.open, market.close, target, N, 1, simParams, equityOnly)),
  time('vector kernel: equity+cash+exposure', () => simulateTargets(market.open, market.close, target, N, 1, simParams, full)),
  time('vector engine: SMA signals + simulation', () => backtestVectorized(config, market, computeSignals(smaCrossover, market, params))),
  time('event engine: SMA crossover onBar + broker', () => backtestEvent(config, market, eventStrategyOf(smaCrossover, params, market)), 5, 1),
];
const trades = backtestVectorized(config, market, target).trades.length;
console.log(`${N.toLocaleString('en-US')} bars, sma_crossover 10/30 long/short, ${trades} trades; node ${process.version}; ${cpus()[0]?.model ?? ''}`);
printTable('Engine throughput (one core)', N, 'bars', rows, 'baseline: sum of closes');
