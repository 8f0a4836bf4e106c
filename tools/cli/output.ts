/** Returns `value` as indented JSON, typed arrays as plain arrays; NaN and ±Infinity become null, as in JSON.stringify. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float64Array) : v), 2);
}

/** Returns the UTC day of epoch ms `t`, YYYY-MM-DD. */
export function isoDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** Returns a number for a table: fixed decimals, or n/a when undefined (NaN) and ±inf when infinite. */
export function cell(x: number, decimals = 3): string {
  if (Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toFixed(decimals);
}

const NUMERIC_CELL = /^(-?[\d.]+|n\/a|-?inf)$/;

/** Returns a text table: columns of numbers right-aligned, the others left-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const numeric = headers.map((_, c) => rows.length > 0 && rows.every((r) => NUMERIC_CELL.test(r[c])));
  const line = (r: readonly string[]) => r.map((v, c) => (numeric[c] ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
