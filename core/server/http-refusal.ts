import { SegscopeError } from '../errors.js';

/**
 * A request the transport turns away before the API sees it (too large, too slow, malformed), with
 * the HTTP status that says so; its connection is closed rather than read to the end.
 */
export class HttpRefusal extends SegscopeError {
  constructor(
    readonly status: 400 | 408 | 413,
    message: string,
  ) {
    super('INVALID_ARGUMENT', message);
  }
}
