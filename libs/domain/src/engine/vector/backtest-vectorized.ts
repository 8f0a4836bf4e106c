import { BacktestConfig, simulationParamsOf } from '../../config/backtest-config';
import { ValidationError } from '../../errors/domain-error';
import { simulateTargets } from '../../kernels/simulate-targets';
import { BacktestResult } from '../backtest-result';
import { AlignedMarket } from '../market-data';

/**
 * Runs the vectorized engine: `target` is a column-major n × k matrix of target weights
 * (fraction of equity, signed; NaN = no decision) decided at each bar's close. With `rebalance`,
 * a target that repeats its symbol's last one trades back to it (see `SimulationParams.rebalance`).
 */
export function backtestVectorized(config: BacktestConfig, market: AlignedMarket, target: Float64Array, rebalance = false): BacktestResult {
  const { n, k } = market;
  if (target.length !== n * k) throw new ValidationError('target', `${n * k} values (bars × symbols)`, String(target.length));
  const out = { equity: new Float64Array(n), cash: new Float64Array(n), exposure: new Float64Array(n) };
  const ledger = simulateTargets(market.open, market.close, target, n, k, simulationParamsOf(config, rebalance), out);
  return {
    engine: 'vector',
    config,
    symbols: market.symbols,
    time: market.time,
    ...out,
    fills: ledger.fills,
    trades: ledger.trades,
    orders: [],
    finalPositions: Float64Array.from(ledger.quantity),
  };
}
