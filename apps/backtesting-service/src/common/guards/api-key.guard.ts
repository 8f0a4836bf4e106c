import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { ServiceConfig } from '../../core/service-config';
import { SERVICE_CONFIG } from '../../core/tokens';

const PUBLIC = 'nautilus:public';

/** Marks a controller or route as open without an API key (health checks must work for probes). */
export const Public = () => SetMetadata(PUBLIC, true);

/** Compares in constant time so the key cannot be guessed byte by byte from response times. */
function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * With BACKTESTING_API_KEY set, every HTTP route except those marked {@link Public} needs the
 * header `x-api-key` with that value; 401 names the header otherwise. Without it the API is open.
 * Bus messages are not HTTP and are not checked here: Redis access is their boundary.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const key = this.config.apiKey;
    if (!key || context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const given = context.switchToHttp().getRequest<Request>().header('x-api-key');
    if (typeof given === 'string' && sameKey(given, key)) return true;
    throw new UnauthorizedException({ error: 'unauthorized', field: 'x-api-key', message: given === undefined ? 'x-api-key header required' : 'x-api-key does not match' });
  }
}
