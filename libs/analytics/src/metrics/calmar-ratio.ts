/**
 * Returns the Calmar ratio CAGR / |max drawdown| (both fractions). NaN without a drawdown.
 * @see T. W. Young, "Calmar Ratio: A Smoother Tool", Futures (1991)
 */
export function calmarRatio(annualizedReturn: number, maxDrawdown: number): number {
  return maxDrawdown < 0 ? annualizedReturn / -maxDrawdown : NaN;
}
