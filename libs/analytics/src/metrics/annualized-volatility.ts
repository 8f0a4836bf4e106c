import { standardDeviation } from './returns';

/**
 * Returns the annualized volatility σ(r)·√periodsPerYear of per-bar returns, with the sample
 * standard deviation (ddof 1). NaN for fewer than two returns.
 * @see https://en.wikipedia.org/wiki/Volatility_(finance)
 */
export function annualizedVolatility(returns: Float64Array, periodsPerYear: number): number {
  return standardDeviation(returns, 1) * Math.sqrt(periodsPerYear);
}
