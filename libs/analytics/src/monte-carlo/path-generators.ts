import { Rng } from '../rng/rng';

/**
 * Fills `out` (nPaths × nSteps, row-major: path p, step t at p·nSteps + t) with returns drawn
 * uniformly with replacement from `returns` (the i.i.d. bootstrap).
 * @see B. Efron, "Bootstrap Methods: Another Look at the Jackknife", Annals of Statistics (1979)
 */
export function bootstrapReturns(returns: Float64Array, nPaths: number, nSteps: number, rng: Rng, out: Float64Array): Float64Array {
  const m = returns.length;
  const cells = nPaths * nSteps;
  const chunk = new Int32Array(Math.min(cells, 4096));
  for (let c0 = 0; c0 < cells; c0 += chunk.length) {
    const count = Math.min(chunk.length, cells - c0);
    rng.fillIndices(chunk, count, m);
    for (let j = 0; j < count; j++) out[c0 + j] = returns[chunk[j]];
  }
  return out;
}

/**
 * Fills `out` with the stationary bootstrap: blocks of consecutive returns (wrapping around the
 * end) whose lengths are geometric with mean `meanBlockLength`, so serial dependence such as
 * volatility clustering survives inside blocks.
 * @see D. N. Politis, J. P. Romano, "The Stationary Bootstrap", JASA (1994)
 */
export function stationaryBootstrap(returns: Float64Array, nPaths: number, nSteps: number, meanBlockLength: number, rng: Rng, out: Float64Array): Float64Array {
  const m = returns.length;
  const restart = 1 / meanBlockLength;
  for (let p = 0; p < nPaths; p++) {
    const row = p * nSteps;
    let j = rng.int(m);
    for (let t = 0; t < nSteps; t++) {
      if (t > 0) j = rng.next() < restart ? rng.int(m) : j + 1 === m ? 0 : j + 1;
      out[row + t] = returns[j];
    }
  }
  return out;
}

/**
 * Fills `out` (nPaths × n, n = tradeReturns.length) with a random permutation of the trade returns
 * per path (Fisher–Yates): the same trades in another order, which keeps the final return and
 * changes the drawdowns.
 */
export function reshuffleTrades(tradeReturns: Float64Array, nPaths: number, rng: Rng, out: Float64Array): Float64Array {
  const n = tradeReturns.length;
  for (let p = 0; p < nPaths; p++) {
    const row = p * n;
    out.set(tradeReturns, row);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const tmp = out[row + i];
      out[row + i] = out[row + j];
      out[row + j] = tmp;
    }
  }
  return out;
}

/**
 * Fills `out` with simple returns of geometric Brownian motion, exp((μ − σ²/2)·dt + σ·√dt·z) − 1,
 * for annual drift μ and volatility σ and step dt in years.
 * @see J. C. Hull, Options, Futures, and Other Derivatives, ch. 14
 */
export function gbmReturns(mu: number, sigma: number, dt: number, nPaths: number, nSteps: number, rng: Rng, out: Float64Array): Float64Array {
  const drift = (mu - (sigma * sigma) / 2) * dt;
  const vol = sigma * Math.sqrt(dt);
  const cells = nPaths * nSteps;
  for (let c = 0; c < cells; c++) out[c] = Math.exp(drift + vol * rng.normal()) - 1;
  return out;
}

/**
 * Returns the annual drift μ and volatility σ of GBM fitted to simple returns: with log returns ℓ,
 * σ = sd(ℓ)·√ppy and μ = mean(ℓ)·ppy + σ²/2 (sample sd, ddof 1).
 */
export function fitGbm(returns: Float64Array, periodsPerYear: number): { mu: number; sigma: number } {
  const n = returns.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log1p(returns[i]);
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (Math.log1p(returns[i]) - mean) ** 2;
  const sigma = Math.sqrt(ss / (n - 1)) * Math.sqrt(periodsPerYear);
  return { mu: mean * periodsPerYear + (sigma * sigma) / 2, sigma };
}
