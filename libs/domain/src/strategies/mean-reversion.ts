import { zScore } from '../kernels/indicators';
import { cachedIndicator, StrategyDefinition } from './strategy-definition';

/**
 * Buys when the z-score of the close against its rolling mean falls below −threshold (and shorts
 * above +threshold with `allow_short`); exits when the z-score comes back to `exit_z_score`.
 */
export const meanReversion: StrategyDefinition = {
  id: 'mean_reversion',
  description: 'Z-score mean reversion: enter when price is stretched from its rolling mean, exit when it reverts.',
  parameters: {
    lookback_period: { type: 'integer', default: 20, min: 2, max: 10_000, description: 'Rolling window in bars for mean and standard deviation.' },
    z_score_threshold: { type: 'number', default: 2, min: 0.01, max: 10, description: 'Entry threshold in standard deviations.' },
    exit_z_score: { type: 'number', default: 0, min: 0, max: 10, description: 'Exit when |z| falls to this level.' },
    position_size: { type: 'number', default: 1, min: 0.0001, max: 1, description: 'Fraction of equity per position.' },
    allow_short: { type: 'boolean', default: false, description: 'Also short when z > threshold.' },
  },
  minSymbols: 1,
  checkConstraints: (p) =>
    (p.exit_z_score as number) < (p.z_score_threshold as number)
      ? undefined
      : { field: 'strategy_parameters.exit_z_score', expected: `< z_score_threshold (${p.z_score_threshold})`, found: String(p.exit_z_score) },
  warmupBars: (p) => p.lookback_period as number,
  prepare: (market, params, cache) => {
    const { n, k } = market;
    const threshold = params.z_score_threshold as number;
    const exit = params.exit_z_score as number;
    const size = params.position_size as number;
    const short = params.allow_short as boolean;
    const lookback = params.lookback_period as number;
    const z = cachedIndicator(cache, `zscore:close:${lookback}`, () => {
      const out = new Float64Array(n * k);
      for (let s = 0; s < k; s++) zScore(market.close.subarray(s * n, (s + 1) * n), lookback, out.subarray(s * n, (s + 1) * n));
      return out;
    });
    const state = new Int8Array(k);
    // One step of a symbol's state machine; the decider's state lives in `state[s]`.
    const step = (v: number, s: number): number => {
      if (v !== v) return NaN;
      const st = state[s];
      if (st === 0) {
        if (v < -threshold) {
          state[s] = 1;
          return size;
        }
        if (short && v > threshold) {
          state[s] = -1;
          return -size;
        }
      } else if ((st === 1 && v >= -exit) || (st === -1 && v <= exit)) {
        state[s] = 0;
        return 0;
      }
      return NaN;
    };
    return {
      decide: (i, s) => step(z[s * n + i], s),
      // Symbols keep separate states, so listing symbol by symbol decides as bar-then-symbol order does.
      decisions: (s, bars, targets) => {
        let count = 0;
        for (let i = 0; i < n; i++) {
          const t = step(z[s * n + i], s);
          if (t === t) {
            bars[count] = i;
            targets[count++] = t;
          }
        }
        return count;
      },
    };
  },
};
