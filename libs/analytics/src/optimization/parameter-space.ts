import { ParameterSchema, ValidationError } from '@nautilus/domain';

/** The values one parameter takes in a search: a list, or an inclusive arithmetic range. */
export type RangeSpec = readonly (number | boolean)[] | { readonly min: number; readonly max: number; readonly step: number };

/** Returns the values of one range, checked against the parameter's schema; errors name `parameter_ranges.<name>`. */
export function expandRange(name: string, spec: RangeSpec, schema: ParameterSchema): (number | boolean)[] {
  const field = `parameter_ranges.${name}`;
  const param = schema[name];
  if (!param) throw new ValidationError(field, `a parameter of the strategy (${Object.keys(schema).join(', ')})`, 'an unknown parameter');
  let values: (number | boolean)[];
  if (Array.isArray(spec)) {
    values = [...spec];
  } else {
    // JSON reaches here unchecked: null, a number or a string would otherwise fail to destructure (a 500).
    if (typeof spec !== 'object' || spec === null) throw new ValidationError(field, 'a list of values or {min, max, step}', JSON.stringify(spec) ?? String(spec));
    const { min, max, step } = spec as { min: number; max: number; step: number };
    if (![min, max, step].every((v) => typeof v === 'number' && Number.isFinite(v))) throw new ValidationError(field, '{min, max, step} of finite numbers', JSON.stringify(spec));
    if (!(step > 0)) throw new ValidationError(`${field}.step`, 'a positive number', String(step));
    if (max < min) throw new ValidationError(`${field}.max`, `≥ min (${min})`, String(max));
    const count = Math.floor((max - min) / step + 1e-9) + 1;
    if (count > 1_000_000) throw new ValidationError(field, 'at most 1,000,000 values', String(count));
    // Round to the step's decimals so that 0.1 + 0.2 style drift does not create 0.30000000000000004.
    const decimals = Math.min(12, (String(step).split('.')[1] ?? '').length + (String(min).split('.')[1] ?? '').length);
    values = Array.from({ length: count }, (_, i) => Number((min + i * step).toFixed(decimals)));
  }
  if (values.length === 0) throw new ValidationError(field, 'at least one value', 'none');
  for (const v of values) {
    const ok =
      param.type === 'boolean'
        ? typeof v === 'boolean'
        : typeof v === 'number' && Number.isFinite(v) && (param.type !== 'integer' || Number.isInteger(v)) && (param.min === undefined || v >= param.min) && (param.max === undefined || v <= param.max);
    if (!ok) {
      const bounds = param.type === 'boolean' ? 'booleans' : `${param.type === 'integer' ? 'integers' : 'numbers'} in [${param.min ?? '-∞'}, ${param.max ?? '∞'}]`;
      throw new ValidationError(field, bounds, JSON.stringify(v));
    }
  }
  return [...new Set(values)];
}

/** Returns the number of combinations of `axes` (their sizes multiplied). */
export function gridSize(axes: readonly (readonly unknown[])[]): number {
  return axes.reduce((p, a) => p * a.length, 1);
}

/** Returns combination number `index` of the grid (mixed radix, last axis fastest). */
export function gridPoint(names: readonly string[], axes: readonly (readonly (number | boolean)[])[], index: number): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  let rest = index;
  for (let a = axes.length - 1; a >= 0; a--) {
    const len = axes[a].length;
    out[names[a]] = axes[a][rest % len];
    rest = Math.floor(rest / len);
  }
  return out;
}

/** A user constraint such as `fast < slow` or `lookback >= 10`, checked on each combination. */
export type Constraint = (params: Readonly<Record<string, unknown>>) => boolean;

/**
 * Returns the constraint `expression`: `<a> <op> <b>` with a and b parameter names or numbers and op
 * one of < <= > >= == !=. Anything else is a {@link ValidationError} on `constraints`.
 */
export function parseConstraint(expression: string, known: readonly string[]): Constraint {
  const m = /^\s*([A-Za-z_]\w*|-?\d+(?:\.\d+)?)\s*(<=|>=|==|!=|<|>)\s*([A-Za-z_]\w*|-?\d+(?:\.\d+)?)\s*$/.exec(expression);
  if (!m) throw new ValidationError('constraints', "comparisons like 'fast < slow' (operators < <= > >= == !=)", JSON.stringify(expression));
  const operand = (token: string) => {
    if (/^-?\d/.test(token)) {
      const v = Number(token);
      return () => v;
    }
    if (!known.includes(token)) throw new ValidationError('constraints', `parameter names (${known.join(', ')})`, token);
    return (p: Readonly<Record<string, unknown>>) => Number(p[token]);
  };
  const a = operand(m[1]);
  const b = operand(m[3]);
  const op = m[2];
  return (p) => {
    const x = a(p);
    const y = b(p);
    switch (op) {
      case '<':
        return x < y;
      case '<=':
        return x <= y;
      case '>':
        return x > y;
      case '>=':
        return x >= y;
      case '==':
        return x === y;
      default:
        return x !== y;
    }
  };
}
