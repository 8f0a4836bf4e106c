/** Returns the fraction of bars whose gross exposure is above zero (NaN for no bars). */
export function exposureTime(exposure: Float64Array): number {
  if (exposure.length === 0) return NaN;
  let c = 0;
  for (let i = 0; i < exposure.length; i++) if (exposure[i] > 0) c++;
  return c / exposure.length;
}
