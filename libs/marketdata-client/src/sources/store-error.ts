import { DomainError } from '@nautilus/domain';

/**
 * Thrown when the embedded store's file cannot be used (not a database, locked, read-only, …);
 * `field` is always `embedded_store` and the message names the path in plain words instead of
 * SQLite's. It is not a {@link ValidationError} because the caller's request was fine.
 */
export class StoreError extends DomainError {
  constructor(
    readonly path: string,
    readonly action: string,
    readonly reason: string,
  ) {
    super(`embedded_store: cannot ${action} ${JSON.stringify(path)}: ${reason}`, 'store_error', 'embedded_store');
  }
}

// SQLite's extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_READONLY_DBMOVED, …) share the prefix of their primary code.
const REASONS: readonly (readonly [prefix: string, reason: string])[] = [
  ['SQLITE_NOTADB', 'the file is not a SQLite database'],
  ['SQLITE_CANTOPEN', 'the file cannot be opened (a folder, or no permission)'],
  ['SQLITE_READONLY', 'the file is read-only'],
  ['SQLITE_BUSY', 'the file is locked by another process'],
  ['SQLITE_LOCKED', 'the file is locked by another process'],
  ['SQLITE_CORRUPT', 'the file is corrupt'],
  ['SQLITE_FULL', 'the disk is full'],
  ['SQLITE_IOERR', 'a disk read or write failed'],
  ['SQLITE_PERM', 'no permission'],
  ['EACCES', 'no permission to create its folder'],
  ['ENOTDIR', 'a part of its folder path is a file'],
  ['EEXIST', 'a part of its folder path is a file'],
  ['EROFS', 'the file system is read-only'],
];

/** Returns a plain-words reason for a SQLite error code (or a file-system one from creating the folder), for {@link StoreError}. */
export function storeErrorReason(code: string | undefined): string {
  const known = REASONS.find(([prefix]) => code?.startsWith(prefix));
  if (known) return known[1];
  // Generic SQLITE_ERROR comes from SQL against a table of another layout (e.g. a missing adj_factor column).
  if (code === 'SQLITE_ERROR') return 'its bars table does not have the layout this version expects';
  return `error ${code ?? 'without a code'}`;
}
