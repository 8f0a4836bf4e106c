import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { depthFailure } from './validate-body';

/** Methods whose body the routes read; every such route takes JSON. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Returns whether the request carries a body (chunked, or a positive content-length). */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0;
}

/**
 * Answers 415 to a body that is not application/json. The JSON parser skips other types, so the
 * route would see an empty body and report its first required field instead of the real fault.
 */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (!BODY_METHODS.has(req.method) || !hasBody(req) || req.is('application/json')) return next();
  const found = (req.headers['content-type'] ?? 'no content-type').slice(0, 100);
  next(new UnsupportedMediaTypeException({ error: 'unsupported_media_type', field: 'content-type', message: `content-type: expected application/json, found ${found}` }));
}

/** Answers 400 naming the body when the parsed JSON nests too deep ({@link depthFailure}), before the validation pipe recurses into it. */
export function rejectDeepBody(req: Request, _res: Response, next: NextFunction): void {
  next(depthFailure(req.body));
}
