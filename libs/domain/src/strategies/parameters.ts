import { ValidationError } from '../errors/domain-error';

/** One strategy parameter: its type, bounds, default and meaning. */
export interface ParameterSpec {
  readonly type: 'integer' | 'number' | 'boolean';
  readonly default: number | boolean;
  readonly min?: number;
  readonly max?: number;
  readonly description: string;
}

/** The parameters a strategy accepts, by name. */
export type ParameterSchema = Readonly<Record<string, ParameterSpec>>;

/** One validated parameter value; strings carry text such as the rules of the `rules` strategy. */
export type ParameterValue = number | boolean | string;

/** Parameter values after validation. */
export type ParameterValues = Readonly<Record<string, ParameterValue>>;

/**
 * Returns `raw` checked against `schema` with defaults filled in. Unknown names, wrong types and
 * out-of-range values throw {@link ValidationError} naming `strategy_parameters.<name>`.
 */
export function parseParameters(schema: ParameterSchema, raw: unknown, fieldPrefix = 'strategy_parameters'): Record<string, number | boolean> {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new ValidationError(fieldPrefix, 'an object of parameters', JSON.stringify(raw));
  }
  const input = (raw ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(input)) {
    if (!Object.prototype.hasOwnProperty.call(schema, name)) {
      throw new ValidationError(`${fieldPrefix}.${name}`, `one of ${Object.keys(schema).join(', ')}`, 'an unknown parameter');
    }
  }
  const out: Record<string, number | boolean> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const field = `${fieldPrefix}.${name}`;
    const value = input[name] ?? spec.default;
    if (spec.type === 'boolean') {
      if (typeof value !== 'boolean') throw new ValidationError(field, 'a boolean', JSON.stringify(value));
      out[name] = value;
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValidationError(field, 'a finite number', JSON.stringify(value));
    if (spec.type === 'integer' && !Number.isInteger(value)) throw new ValidationError(field, 'an integer', String(value));
    if (spec.min !== undefined && value < spec.min) throw new ValidationError(field, `≥ ${spec.min}`, String(value));
    if (spec.max !== undefined && value > spec.max) throw new ValidationError(field, `≤ ${spec.max}`, String(value));
    out[name] = value;
  }
  return out;
}
