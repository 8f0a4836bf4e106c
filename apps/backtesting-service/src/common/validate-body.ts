import { ValidationError as ClassValidationError } from 'class-validator';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { BadRequestException } from '@nestjs/common';

/** Returns the dotted path and first message of the first failing property, e.g. commission.rate. */
export function firstFailure(errors: ClassValidationError[], prefix = ''): { field: string; message: string } {
  const e = errors[0];
  const field = prefix ? `${prefix}.${e.property}` : e.property;
  if (e.constraints) return { field, message: `${field}: ${Object.values(e.constraints)[0]}` };
  return firstFailure(e.children ?? [], field);
}

/** The options of the HTTP ValidationPipe, so bus messages are checked exactly like REST bodies. */
export const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true } as const;

/** Returns the 400 the ValidationPipe answers with, naming the field. */
export function validationFailure(field: string, message: string): BadRequestException {
  return new BadRequestException({ error: 'validation_failed', field, message });
}

/** Turns a plain message body into a validated DTO, or throws the same 400 as a bad REST body. */
export async function validateBody<T extends object>(type: ClassConstructor<T>, body: unknown): Promise<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validationFailure('body', `body: expected a JSON object, found ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`);
  }
  const dto = plainToInstance(type, body);
  const errors = await validate(dto, VALIDATION_OPTIONS);
  if (errors.length > 0) {
    const { field, message } = firstFailure(errors);
    throw validationFailure(field, message);
  }
  return dto;
}
