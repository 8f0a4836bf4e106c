/**
 * Moves the values of ranks `ranks[rFrom…rTo)` (ascending) of `a[left…right]` to those indices, each
 * with nothing larger before it and nothing smaller after it: Hoare's FIND on the middle rank, then
 * each side for the ranks on that side. Partitions swap elements equal to the pivot from both ends,
 * so runs of ties (a constant series, step 1 of a bootstrap) split evenly instead of going quadratic.
 * @see C. A. R. Hoare, "Algorithm 65: Find", CACM (1961)
 */
function selectRanks(a: Float64Array, ranks: readonly number[], left: number, right: number, rFrom: number, rTo: number): void {
  if (rFrom >= rTo || left >= right) return;
  const mid = (rFrom + rTo) >>> 1;
  const k = ranks[mid];
  let l = left;
  let r = right;
  while (r > l) {
    const x = a[l];
    const y = a[(l + r) >>> 1];
    const z = a[r];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = l;
    let j = r;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const tmp = a[i];
        a[i++] = a[j];
        a[j--] = tmp;
      }
    }
    // [l, j] ≤ pivot ≤ [i, r] and everything strictly between equals the pivot.
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else break;
  }
  selectRanks(a, ranks, left, k - 1, rFrom, mid);
  selectRanks(a, ranks, k + 1, right, mid + 1, rTo);
}

/**
 * Returns the percentile `bands` of the equity after steps fromStep + 1 … toStep, step-major: band
 * i after step t + 1 at (t − fromStep)·bands.length + i, so the outputs of consecutive step ranges
 * concatenate. `equity` is step-major (path p after step t + 1 at t·nPaths + p, as
 * {@link simulateBlocks} writes it). A percentile interpolates linearly between the values of
 * ranks ⌊q(n − 1)⌋ and the next, as `quantile` does; those ranks are selected rather than sorted,
 * which reorders each column it reads and gives the same values a sort would, whatever the order.
 */
export function equityBandSteps(equity: Float64Array, nPaths: number, bands: readonly number[], fromStep: number, toStep: number): Float64Array {
  const k = bands.length;
  const out = new Float64Array(Math.max(0, toStep - fromStep) * k);
  const pos = bands.map((b) => (b / 100) * (nPaths - 1));
  const lo = pos.map((p) => Math.floor(p));
  const hi = lo.map((l) => Math.min(nPaths - 1, l + 1));
  const ranks = [...new Set([...lo, ...hi])].sort((a, b) => a - b);
  for (let t = fromStep; t < toStep; t++) {
    const column = equity.subarray(t * nPaths, (t + 1) * nPaths);
    selectRanks(column, ranks, 0, nPaths - 1, 0, ranks.length);
    const at = (t - fromStep) * k;
    for (let i = 0; i < k; i++) out[at + i] = column[lo[i]] + (column[hi[i]] - column[lo[i]]) * (pos[i] - lo[i]);
  }
  return out;
}
