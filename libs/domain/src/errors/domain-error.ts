/** Base class of every error the engine throws on purpose; `code` is stable, `field` names what failed. */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Thrown when an input does not meet its contract; names the field, what was expected and what was found. */
export class ValidationError extends DomainError {
  constructor(
    field: string,
    readonly expected: string,
    readonly found: string,
    readonly rowIndex?: number,
  ) {
    super(
      `${field}${rowIndex === undefined ? '' : ` (row ${rowIndex})`}: expected ${expected}, found ${found}`,
      'validation_failed',
      field,
    );
  }
}

/** Thrown when a computation needs more bars than it was given. */
export class InsufficientDataError extends DomainError {
  constructor(
    field: string,
    readonly required: number,
    readonly actual: number,
  ) {
    super(`${field}: needs at least ${required} bars, got ${actual}`, 'insufficient_data', field);
  }
}

/** Thrown when a named thing (strategy, symbol, job) does not exist. */
export class NotFoundError extends DomainError {
  constructor(field: string, readonly value: string) {
    super(`${field}: '${value}' not found`, 'not_found', field);
  }
}

/** Thrown when a long computation was cancelled by its caller. */
export class CancelledError extends DomainError {
  constructor(message = 'cancelled') {
    super(message, 'cancelled');
  }
}

/** Thrown when a requested executor (worker pool, accelerator) is not available on this machine. */
export class ExecutorUnavailableError extends DomainError {
  constructor(readonly executor: string, reason: string) {
    super(`executor '${executor}' unavailable: ${reason}`, 'executor_unavailable', 'executor');
  }
}
