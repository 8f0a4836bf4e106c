import { StrategyDefinition } from './strategy-definition';

/** Holds `position_size` of equity in every symbol (split equally) from the first decision on. */
export const buyAndHold: StrategyDefinition = {
  id: 'buy_and_hold',
  description: 'Buy on the first bar and hold to the end; equity split equally across symbols.',
  parameters: {
    position_size: { type: 'number', default: 1, min: 0.0001, max: 1, description: 'Fraction of equity invested in total.' },
  },
  minSymbols: 1,
  warmupBars: () => 0,
  prepare: (market, params) => {
    const weight = (params.position_size as number) / market.k;
    return { decide: (i) => (i === 0 ? weight : NaN) };
  },
};
