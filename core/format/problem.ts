import type { ErrorCode } from '../errors.js';

/** One finding of an inspection: the stable code plus a sentence for a person. */
export interface Problem {
  code: ErrorCode;
  message: string;
}
