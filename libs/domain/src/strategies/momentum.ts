import { StrategyDefinition } from './strategy-definition';

/**
 * Cross-sectional momentum: every `rebalance_frequency` bars, holds the `top_n` symbols with the
 * highest `lookback`-bar return, equally weighted; with `absolute_momentum` only those whose
 * return is positive. Ties go to the symbol listed first.
 */
export const momentum: StrategyDefinition = {
  id: 'momentum',
  description: 'Rank symbols by trailing return and hold the top N, rebalanced every N bars.',
  parameters: {
    lookback: { type: 'integer', default: 60, min: 1, max: 10_000, description: 'Return window in bars.' },
    top_n: { type: 'integer', default: 1, min: 1, max: 500, description: 'Number of symbols held.' },
    rebalance_frequency: { type: 'integer', default: 21, min: 1, max: 10_000, description: 'Bars between rebalances.' },
    position_size: { type: 'number', default: 1, min: 0.0001, max: 1, description: 'Fraction of equity invested in total.' },
    absolute_momentum: { type: 'boolean', default: true, description: 'Hold only symbols whose trailing return is positive.' },
  },
  minSymbols: 1,
  warmupBars: (p) => p.lookback as number,
  // Holdings drift with prices between rebalances; each rebalance restores the equal weights.
  rebalances: true,
  prepare: (market, params) => {
    const { n, k, close } = market;
    const lookback = params.lookback as number;
    const every = params.rebalance_frequency as number;
    const topN = Math.min(params.top_n as number, k);
    const weight = (params.position_size as number) / topN;
    const positiveOnly = params.absolute_momentum as boolean;
    const score = new Float64Array(k);
    const chosen = new Uint8Array(k);
    return {
      decide: (i, s) => {
        if (i < lookback || (i - lookback) % every !== 0) return NaN;
        if (s === 0) {
          for (let j = 0; j < k; j++) {
            score[j] = close[j * n + i] / close[j * n + i - lookback] - 1;
            chosen[j] = 0;
          }
          for (let r = 0; r < topN; r++) {
            let best = -1;
            for (let j = 0; j < k; j++) {
              if (!chosen[j] && (best < 0 || score[j] > score[best])) best = j;
            }
            if (best < 0 || (positiveOnly && !(score[best] > 0))) break;
            chosen[best] = 1;
          }
        }
        return chosen[s] ? weight : 0;
      },
    };
  },
};
