import { atr, rollingMax, rollingMin } from '../kernels/indicators';
import { cachedIndicator, StrategyDefinition, windowKeys } from './strategy-definition';

const maxHighKey = windowKeys('max:high');
const minLowKey = windowKeys('min:low');
const atrKey = windowKeys('atr');

/**
 * Channel breakout: enters long when the close exceeds the highest high of the previous
 * `channel_length` bars (short below the lowest low with `allow_short`), and exits when the close
 * falls `atr_multiplier` × ATR below the highest close since entry (a chandelier stop on closes).
 */
export const breakout: StrategyDefinition = {
  id: 'breakout',
  description: 'Donchian channel breakout with an ATR trailing stop evaluated on closes.',
  parameters: {
    channel_length: { type: 'integer', default: 20, min: 2, max: 10_000, description: 'Channel window in bars (excluding the current bar).' },
    atr_period: { type: 'integer', default: 14, min: 1, max: 10_000, description: 'ATR window in bars (Wilder smoothing).' },
    atr_multiplier: { type: 'number', default: 2, min: 0.1, max: 50, description: 'Stop distance in ATRs.' },
    position_size: { type: 'number', default: 1, min: 0.0001, max: 1, description: 'Fraction of equity per position.' },
    allow_short: { type: 'boolean', default: false, description: 'Also trade downside breakouts.' },
  },
  minSymbols: 1,
  warmupBars: (p) => Math.max((p.channel_length as number) + 1, (p.atr_period as number) + 1),
  prepare: (market, params, cache) => {
    const { n, k } = market;
    const channel = params.channel_length as number;
    const mult = params.atr_multiplier as number;
    const size = params.position_size as number;
    const short = params.allow_short as boolean;
    const atrPeriod = params.atr_period as number;
    const perSymbol = (key: string, fill: (a: number, b: number, out: Float64Array) => void) =>
      cachedIndicator(cache, key, () => {
        const out = new Float64Array(n * k);
        for (let s = 0; s < k; s++) fill(s * n, (s + 1) * n, out.subarray(s * n, (s + 1) * n));
        return out;
      });
    const upper = perSymbol(maxHighKey(channel), (a, b, out) => rollingMax(market.high.subarray(a, b), channel, out));
    const lower = perSymbol(minLowKey(channel), (a, b, out) => rollingMin(market.low.subarray(a, b), channel, out));
    const range = perSymbol(atrKey(atrPeriod), (a, b, out) => atr(market.high.subarray(a, b), market.low.subarray(a, b), market.close.subarray(a, b), atrPeriod, out));
    const state = new Int8Array(k);
    const extreme = new Float64Array(k);
    return {
      decide: (i, s) => {
        if (i === 0) return NaN;
        const j = s * n + i;
        const c = market.close[j];
        const st = state[s];
        if (st === 1) {
          if (c > extreme[s]) extreme[s] = c;
          if (c < extreme[s] - mult * range[j]) {
            state[s] = 0;
            return 0;
          }
          return NaN;
        }
        if (st === -1) {
          if (c < extreme[s]) extreme[s] = c;
          if (c > extreme[s] + mult * range[j]) {
            state[s] = 0;
            return 0;
          }
          return NaN;
        }
        // The channel ends at bar i−1, so the current bar is compared with the past only.
        if (range[j] === range[j] && c > upper[j - 1]) {
          state[s] = 1;
          extreme[s] = c;
          return size;
        }
        if (short && range[j] === range[j] && c < lower[j - 1]) {
          state[s] = -1;
          extreme[s] = c;
          return -size;
        }
        return NaN;
      },
    };
  },
};
