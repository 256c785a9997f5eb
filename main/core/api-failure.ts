/**
 * An error a request handler throws to answer with a specific `ApiError`
 * code (not found, unavailable, ...) instead of `internal`. The message goes
 * to the renderer as is, so it must be free of secrets.
 */
import type { ApiErrorCode } from '../../preload/contract.ts';

export class ApiFailure extends Error {
  readonly code: ApiErrorCode;
  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
  }
}
