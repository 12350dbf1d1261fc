import type { ErrorCode } from '../errors.js';

/**
 * One finding of an inspection: the stable code, a sentence for a person, and whether it fails
 * verification ("error") or is something libsql-wal's own writers legitimately produce ("warning").
 */
export interface Problem {
  code: ErrorCode;
  message: string;
  severity: 'error' | 'warning';
}
