import { quantile } from '../metrics/value-at-risk';
import { createRng } from '../rng/rng';
import { equityBandSteps } from './equity-bands';
import { monteCarlo } from './monte-carlo';

describe('equityBandSteps', () => {
  it('interpolates between ranks as quantile does: a hand-computed column', () => {
    // Sorted 1 2 3 4 5: q = 0.9 sits at rank 3.6 → 4 + 0.6·(5 − 4) = 4.6.
    const bands = equityBandSteps(Float64Array.from([5, 1, 4, 2, 3]), 5, [0, 25, 50, 90, 100], 0, 1);
    expect(Array.from(bands)).toEqual([1, 2, 3, 4 + 0.6 * (5 - 4), 5]);
  });

  it('gives the values of a full sort, exactly, on columns with and without ties', () => {
    const rng = createRng(3);
    const nPaths = 1001;
    const nSteps = 30;
    const bands = [1, 5, 25, 50, 75, 95, 99];
    // Every other step draws from 7 values, so ties straddle the selected ranks.
    const equity = Float64Array.from({ length: nPaths * nSteps }, (_, c) => (Math.floor(c / nPaths) % 2 ? 1 + rng.int(7) / 10 : Math.exp(rng.normal())));
    const columns = Array.from({ length: nSteps }, (_, t) => equity.slice(t * nPaths, (t + 1) * nPaths));
    const out = equityBandSteps(equity, nPaths, bands, 0, nSteps);
    for (let t = 0; t < nSteps; t++) {
      bands.forEach((b, i) => expect(out[t * bands.length + i]).toBe(quantile(columns[t], b / 100)));
    }
  });

  it('splits by steps: ranges [0, s) and [s, n) concatenate to [0, n)', () => {
    const rng = createRng(4);
    const nPaths = 500;
    const nSteps = 20;
    const equity = Float64Array.from({ length: nPaths * nSteps }, () => rng.next());
    const bands = [5, 50, 95];
    const whole = equityBandSteps(equity.slice(), nPaths, bands, 0, nSteps);
    const copy = equity.slice();
    const parts = [equityBandSteps(copy, nPaths, bands, 0, 7), equityBandSteps(copy, nPaths, bands, 7, nSteps)];
    expect(Float64Array.from([...parts[0], ...parts[1]])).toEqual(whole);
  });

  it('is exact for a constant-return series: every band is (1 + r)^t', () => {
    const r = monteCarlo({ method: 'bootstrap', returns: new Float64Array(50).fill(0.01), nPaths: 300, nSteps: 100, seed: 1, periodsPerYear: 252 });
    let e = 1;
    for (let t = 0; t <= 100; t++) {
      for (const band of Object.values(r.equityBands)) expect(band[t]).toBe(e);
      e *= 1 + 0.01;
    }
    expect(r.var95).toBe(r.finalReturn.percentiles['50']);
  });
});
