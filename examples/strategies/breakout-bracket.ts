/**
 * A strategy module written as `onBar` (see docs/strategy-modules.md): buys a close above the
 * highest high of the previous `channel_length` bars, with a stop-loss and a take-profit attached
 * to the entry. Bracket orders exist only in the event engine's broker, which is why this one is
 * `onBar` rather than `signals`: it runs on the event engine, and parameter searches reject it.
 */
import { rollingMax, StrategyModule } from '@nautilus/domain';

const breakoutBracket: StrategyModule = {
  id: 'breakout_bracket',
  description: 'Buys a close above the previous channel_length-bar high with a stop-loss / take-profit bracket (onBar, event engine).',
  parameters: {
    channel_length: { type: 'integer', default: 20, min: 2, max: 1000, description: 'Bars in the breakout channel.' },
    stop_loss_pct: { type: 'number', default: 0.05, min: 0.001, max: 0.5, description: 'Stop-loss distance below the signal close, as a fraction.' },
    take_profit_pct: { type: 'number', default: 0.1, min: 0.001, max: 5, description: 'Take-profit distance above the signal close, as a fraction.' },
    position_size: { type: 'number', default: 1, min: 0.0001, max: 1, description: 'Fraction of equity per position, split across symbols.' },
  },
  // highest(high) of bars i − channel_length … i − 1 exists from bar channel_length on.
  warmupBars: (p) => p.channel_length as number,
  init: (setup, p, state) => {
    state.channelHigh = setup.symbols.map((symbol) => rollingMax(setup.series(symbol).high, p.channel_length as number));
  },
  onBar: (ctx, p, state) => {
    const channelHigh = state.channelHigh as Float64Array[];
    const i = ctx.index;
    if (i < 1) return;
    ctx.symbols.forEach((symbol, s) => {
      // Flat with no working order: the entry of the previous bar may still be waiting for its fill.
      if (!ctx.position(s).isFlat || ctx.openOrders(s).length > 0) return;
      const close = ctx.bar(s).close;
      if (!(close > channelHigh[s][i - 1])) return;
      ctx.submit({
        symbol,
        side: 'buy',
        equityFraction: (p.position_size as number) / ctx.symbols.length,
        stopLoss: close * (1 - (p.stop_loss_pct as number)),
        takeProfit: close * (1 + (p.take_profit_pct as number)),
      });
    });
  },
};

export default breakoutBracket;
