/**
 * Splits [0, count) into at most `parts` contiguous ranges [from, to) of near-equal size, in order:
 * non-empty ones, or the one empty range [0, 0) when count is 0, so that a caller can always take
 * the first range for its own thread.
 */
export function splitRange(count: number, parts: number): Array<readonly [number, number]> {
  const per = Math.ceil(count / Math.max(1, parts));
  const out: Array<readonly [number, number]> = [];
  for (let from = 0; from < count; from += per) out.push([from, Math.min(count, from + per)]);
  return out.length ? out : [[0, 0]];
}
