import { DomainError } from '@nautilus/domain';

/**
 * Codes of {@link UpstreamError}: the hub did not answer in time, answered with an HTTP error or
 * could not be reached, or answered with a body that does not follow the wire format.
 */
export type UpstreamErrorCode = 'upstream_timeout' | 'upstream_error' | 'upstream_malformed';

/** Details of an {@link UpstreamError}. */
export interface UpstreamErrorDetails {
  /** The timeout that expired, for `upstream_timeout`. */
  readonly timeoutMs?: number;
  /** The HTTP status of the last attempt, when the hub answered. */
  readonly status?: number;
  /** The JSON field that broke the wire format, for `upstream_malformed`. */
  readonly responseField?: string;
}

/**
 * Thrown when the remote MarketData hub fails; `field` is always `marketdata_hub` and the message
 * names the URL. It is not a {@link ValidationError} because the caller's input was fine.
 */
export class UpstreamError extends DomainError {
  readonly timeoutMs?: number;
  readonly status?: number;
  readonly responseField?: string;

  constructor(
    code: UpstreamErrorCode,
    readonly url: string,
    detail: string,
    details: UpstreamErrorDetails = {},
  ) {
    super(`marketdata_hub: GET ${url}: ${detail}`, code, 'marketdata_hub');
    this.timeoutMs = details.timeoutMs;
    this.status = details.status;
    this.responseField = details.responseField;
  }
}
