import { ValidationError as ClassValidationError } from 'class-validator';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { BadRequestException } from '@nestjs/common';
import { failingKeyOf } from './dto-rules';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './json-depth';

/**
 * Constraints that say what kind of value a field takes, in the order they are reported. A value of
 * the wrong kind usually fails the field's bounds as well (a capital sent as "10000" is also "not
 * ≤ 1e15"), and only its kind is the fault worth naming.
 */
const KIND_CONSTRAINTS = ['whitelistValidation', 'isObject', 'isArray', 'isString', 'isNumber', 'isInt', 'isBoolean', 'isDateString', 'isUuid', 'isIn', 'nestedValidation'];

/** Returns the name of the constraint to report among those a field failed: its kind first, then the first in declared order. */
function reportedConstraint(constraints: Record<string, string>): string {
  const names = Object.keys(constraints);
  // class-validator applies a property's decorators bottom-up and lists its failures in that order.
  return KIND_CONSTRAINTS.find((name) => name in constraints) ?? names[names.length - 1];
}

/**
 * Returns the path and message of the first failing property, e.g. commission.rate: the
 * constraint that tells the real fault (see {@link KIND_CONSTRAINTS}), said to be required when the
 * field is missing, and the key inside a free-form map when a rule on its values failed.
 */
export function firstFailure(errors: ClassValidationError[], prefix = ''): { field: string; message: string } {
  const e = errors[0];
  // Array elements read as in the library's errors and in JavaScript: scenarios[0].probability.
  const path = !prefix ? e.property : /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`;
  if (!e.constraints) return firstFailure(e.children ?? [], path);
  const name = reportedConstraint(e.constraints);
  const key = failingKeyOf(name, e.value);
  const field = key === undefined ? path : `${path}.${key}`;
  // Errors the pipe makes itself (a body that is an array) carry no value at all, and are not about a missing field.
  const missing = 'value' in e && e.value === undefined;
  return { field, message: `${field}: ${missing ? 'required; ' : ''}${e.constraints[name]}` };
}

/**
 * The options of the HTTP ValidationPipe, so bus messages are checked exactly like REST bodies. Every
 * error keeps its value (the pipe would drop those of errors with children), so a present but wrong
 * field is never reported as missing.
 */
export const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: true } } as const;

/** Returns the 400 the ValidationPipe answers with, naming the field. */
export function validationFailure(field: string, message: string): BadRequestException {
  return new BadRequestException({ error: 'validation_failed', field, message });
}

/** Returns the 400 naming the body when `body` nests deeper than {@link MAX_JSON_DEPTH}, which the validation would not survive. */
export function depthFailure(body: unknown): BadRequestException | undefined {
  return nestedDeeperThan(body, MAX_JSON_DEPTH) ? validationFailure('body', `body: expected JSON nested at most ${MAX_JSON_DEPTH} levels deep, found deeper`) : undefined;
}

/** Turns a plain message body into a validated DTO, or throws the same 400 as a bad REST body. */
export async function validateBody<T extends object>(type: ClassConstructor<T>, body: unknown): Promise<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validationFailure('body', `body: expected a JSON object, found ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`);
  }
  const tooDeep = depthFailure(body);
  if (tooDeep) throw tooDeep;
  const dto = plainToInstance(type, body);
  const errors = await validate(dto, VALIDATION_OPTIONS);
  if (errors.length > 0) {
    const { field, message } = firstFailure(errors);
    throw validationFailure(field, message);
  }
  return dto;
}
