/**
 * A strategy module written as `signals` (see docs/strategy-modules.md): RSI mean reversion, long
 * when RSI(period) of the close falls below `lower` (oversold), flat when it rises above `upper`.
 * The whole target matrix comes from one pass over each symbol's closes, so both engines run it
 * with the same trades and parameter searches can sweep it.
 */
import { rsi, StrategyModule } from '@nautilus/domain';

const rsiThreshold: StrategyModule = {
  id: 'rsi_threshold',
  description: 'RSI mean reversion: long when RSI(period) < lower, flat when RSI(period) > upper.',
  parameters: {
    period: { type: 'integer', default: 14, min: 2, max: 1000, description: "RSI window in bars (Wilder's smoothing)." },
    lower: { type: 'number', default: 30, min: 0, max: 100, description: 'Go long when the RSI is below this level.' },
    upper: { type: 'number', default: 70, min: 0, max: 100, description: 'Go flat when the RSI is above this level.' },
    position_size: { type: 'number', default: 1, min: 0.0001, max: 1, description: 'Fraction of equity per position.' },
  },
  checkConstraints: (p) => ((p.lower as number) < (p.upper as number) ? undefined : { field: 'strategy_parameters.lower', expected: `< upper (${p.upper})`, found: String(p.lower) }),
  // RSI(period) is NaN on bars 0 … period − 1.
  warmupBars: (p) => p.period as number,
  signals: (market, p) => {
    const { n, k, close } = market;
    const lower = p.lower as number;
    const upper = p.upper as number;
    const size = p.position_size as number;
    const target = new Float64Array(n * k).fill(NaN);
    const level = new Float64Array(n);
    for (let s = 0; s < k; s++) {
      rsi(close.subarray(s * n, (s + 1) * n), p.period as number, level);
      for (let i = 0; i < n; i++) {
        // Comparisons with the NaN of the warm-up are false, so nothing is decided before it ends.
        if (level[i] < lower) target[s * n + i] = size;
        else if (level[i] > upper) target[s * n + i] = 0;
      }
    }
    return target;
  },
};

export default rsiThreshold;
