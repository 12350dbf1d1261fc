import { SegscopeError, isSegscopeError } from '../errors.js';

const AUTH = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'InvalidToken',
  'ExpiredToken',
  'CredentialsProviderError',
]);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
  'RequestTimeout',
]);

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function fields(error: unknown): SdkLikeError {
  return typeof error === 'object' && error !== null ? error : {};
}

/**
 * Turns what the AWS SDK throws into Segscope's codes, naming the bucket and endpoint so the
 * operator knows which setting to look at. `what` says what was being done.
 */
export function s3Error(error: unknown, what: string, where: string): SegscopeError {
  if (isSegscopeError(error)) return error;
  const e = fields(error);
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  const detail = e.message ?? String(error);
  if (AUTH.has(name) || status === 403 || status === 401) {
    const why = [name, status !== undefined ? `HTTP ${status}` : ''].filter(Boolean).join(', ');
    return new SegscopeError(
      'REMOTE_AUTH',
      `${where} refused the credentials while ${what} (${why}): check the access key id and secret`,
      {
        cause: error,
      },
    );
  }
  if (name === 'NoSuchBucket') {
    return new SegscopeError('REMOTE_NOT_FOUND', `${where}: the bucket does not exist`, { cause: error });
  }
  if (name === 'NoSuchKey' || (status === 404 && name !== 'NoSuchBucket')) {
    return new SegscopeError('REMOTE_NOT_FOUND', `${where}: the object is gone (${what})`, { cause: error });
  }
  if (
    NETWORK.has(name) ||
    NETWORK.has(e.code ?? '') ||
    (status !== undefined && status >= 500) ||
    /socket|timed? ?out|ECONN|connect/i.test(detail)
  ) {
    return new SegscopeError('REMOTE_UNAVAILABLE', `${where} could not be reached while ${what}: ${detail}`, {
      cause: error,
    });
  }
  return new SegscopeError('REMOTE_UNAVAILABLE', `${where} failed while ${what}: ${name ? `${name}: ` : ''}${detail}`, {
    cause: error,
  });
}
