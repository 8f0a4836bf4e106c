import { AlignedMarket } from '../../engine/market-data';
import { cachedIndicator, IndicatorCache } from '../strategy-definition';
import { RuleExpr, SeriesName } from './compile-rule';
import { applyAtr, applyBinary, applyCross, applyShift, applyUnary, applyWindow, RuleValue } from './series-functions';

/** The price columns rules read: column-major n × k matrices, as in {@link AlignedMarket}. */
export interface RuleInputs {
  readonly n: number;
  readonly k: number;
  series(name: SeriesName): Float64Array;
}

/** Returns the inputs of `market`; volume, which the market does not stack, is stacked on first use. */
export function ruleInputsOf(market: AlignedMarket): RuleInputs {
  const { n, k } = market;
  let volume: Float64Array | undefined;
  return {
    n,
    k,
    series: (name) => {
      if (name !== 'volume') return market[name];
      if (!volume) {
        volume = k === 1 ? market.series[0].volume : new Float64Array(n * k);
        if (k > 1) market.series.forEach((s, j) => (volume as Float64Array).set(s.volume, j * n));
      }
      return volume;
    },
  };
}

/**
 * Returns the value of `expr` on every bar of every symbol at once: each node is one pass of a
 * typed-array kernel over the whole n × k matrix. Rolling indicators go through `cache`, so
 * that runs of a parameter sweep share them.
 */
export function evaluateRule(expr: RuleExpr, inputs: RuleInputs, cache?: IndicatorCache): RuleValue {
  const { n, k } = inputs;
  switch (expr.kind) {
    case 'constant':
      return expr.value;
    case 'series':
      return inputs.series(expr.name);
    case 'unary':
      return applyUnary(expr.op, evaluateRule(expr.arg, inputs, cache));
    case 'binary':
      return applyBinary(expr.op, evaluateRule(expr.left, inputs, cache), evaluateRule(expr.right, inputs, cache));
    case 'window':
      return cachedIndicator(cache, expr.key, () => applyWindow(expr.fn, evaluateRule(expr.arg, inputs, cache), expr.bars, n, k));
    case 'atr':
      return cachedIndicator(cache, expr.key, () => applyAtr(inputs.series('high'), inputs.series('low'), inputs.series('close'), expr.bars, n, k));
    case 'shift':
      return applyShift(evaluateRule(expr.arg, inputs, cache), expr.bars, n, k);
    case 'cross':
      return applyCross(expr.direction, evaluateRule(expr.left, inputs, cache), evaluateRule(expr.right, inputs, cache), n, k);
  }
}
