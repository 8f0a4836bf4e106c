import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsNumber, IsObject, registerDecorator, ValidateIf, ValidateNested, ValidationArguments } from 'class-validator';

/** Returns whether `value` is a JSON object: not null, not an array. */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A finite number. IsNumber's own message, "must be a number conforming to the specified constraints", leaves the constraints to guess. */
export function IsFiniteNumber(): PropertyDecorator {
  return IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a finite number' });
}

/** Skips a field's checks only when it is left out; IsOptional also skips null, which would let null through as "no settings". */
function WhenPresent(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/**
 * An object field that may be left out. When present it must be an object: an array, a string, a
 * number or null is a 400 naming the field.
 */
export function OptionalObject(): PropertyDecorator {
  return applyDecorators(WhenPresent(), IsObject());
}

/**
 * A settings object checked by the rules of `type`. ValidateNested alone accepts an array (it checks
 * each element, so `[]` passes) and skips null, so the field is first required to be an object.
 */
export function OptionalNested(type: () => new () => object): PropertyDecorator {
  return applyDecorators(WhenPresent(), IsObject(), ValidateNested(), Type(type));
}

/** A rule on each value of an object with free-form keys: returns what was expected when `value` breaks it. */
type ValueRule = (value: unknown) => string | undefined;

/** The value rules by constraint name, so an error can name the key that broke one. */
const VALUE_RULES = new Map<string, ValueRule>();

/** Returns the first key of `object` whose value breaks `rule`, with what was expected. */
function firstBreach(object: Record<string, unknown>, rule: ValueRule): { key: string; expected: string; found: unknown } | undefined {
  for (const [key, found] of Object.entries(object)) {
    const expected = rule(found);
    if (expected !== undefined) return { key, expected, found };
  }
  return undefined;
}

/**
 * Returns the key inside `value` that fails the constraint `name` when it is a rule on each value
 * (`fast` of parameter_ranges), so the error names `parameter_ranges.fast` rather than the whole map:
 * class-validator has no child errors for free-form keys.
 */
export function failingKeyOf(name: string, value: unknown): string | undefined {
  const rule = VALUE_RULES.get(name);
  return rule && isJsonObject(value) ? firstBreach(value, rule)?.key : undefined;
}

/** An object with free-form keys whose every value must pass `rule`; `name` is the constraint's name in errors. */
function IsObjectOf(name: string, rule: ValueRule): PropertyDecorator {
  VALUE_RULES.set(name, rule);
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => isJsonObject(value) && firstBreach(value, rule) === undefined,
        defaultMessage: ({ property, value }: ValidationArguments) => {
          const breach = isJsonObject(value) ? firstBreach(value, rule) : undefined;
          return breach ? `${property}.${breach.key} must be ${breach.expected}, found ${JSON.stringify(breach.found)}` : `${property} must be an object`;
        },
      },
    });
}

/**
 * Search ranges by parameter name: each a list of values or {min, max, step}. Only the shape is
 * checked here (a null range used to reach the search and fail as a 500); the values themselves are
 * checked against the strategy's schema by the library, which names `parameter_ranges.<name>` too.
 */
export function IsParameterRanges(): PropertyDecorator {
  return IsObjectOf('isParameterRanges', (range) => (Array.isArray(range) || isJsonObject(range) ? undefined : 'a list of values or {min, max, step}'));
}

/** An optimization target: a metric name or an object of weights by metric (the names and weights are checked by the library). */
export function OptionalObjective(): PropertyDecorator {
  return applyDecorators(WhenPresent(), (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isObjective',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'string' || isJsonObject(value),
        defaultMessage: ({ property }: ValidationArguments) => `${property} must be a metric name or an object of weights by metric`,
      },
    }),
  );
}
