import { S3Client } from '@aws-sdk/client-s3';
import type { RemoteSettings } from '../model/settings.js';
import { REMOTE_BUDGET } from './remote-budget.js';

export type S3Settings = Extract<RemoteSettings, { kind: 's3' }>;

export interface S3ClientOptions {
  /** Attempts per request, including the first (bounded retries with the SDK's backoff). */
  maxAttempts?: number;
  /** Milliseconds to connect before an attempt counts as failed. */
  connectTimeoutMs?: number;
  /** Milliseconds one attempt may take to be answered (headers and, for a LIST, the whole page). */
  requestTimeoutMs?: number;
  /** Milliseconds every attempt of one request may take together (S3ObjectStore ends it then). */
  deadlineMs?: number;
}

export function describeS3(settings: S3Settings): string {
  const cluster = settings.clusterId === '' ? '' : ` (cluster ${settings.clusterId})`;
  return `s3://${settings.bucket}${settings.endpoint ? ` at ${settings.endpoint}` : ''}${cluster}`;
}

/**
 * An S3 client as every Segscope S3 component uses it: path-style with a custom endpoint, plain
 * requests (no default CRC or aws-chunked bodies, which S3-compatible servers do not all
 * accept; libsql-wal sends plain requests), bounded retries, timeouts that throw, and a count of
 * requests by command in `requests`.
 */
export function createS3Client(
  settings: S3Settings,
  options: S3ClientOptions,
  requests: Map<string, number>,
): S3Client {
  const explicit = settings.accessKeyId !== null && settings.secretAccessKey !== null;
  const client = new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
    ...(explicit
      ? { credentials: { accessKeyId: settings.accessKeyId ?? '', secretAccessKey: settings.secretAccessKey ?? '' } }
      : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: options.maxAttempts ?? REMOTE_BUDGET.maxAttempts,
    // requestTimeout only warns unless told to throw; socketTimeout ends a connection gone quiet.
    requestHandler: {
      connectionTimeout: options.connectTimeoutMs ?? REMOTE_BUDGET.connectTimeoutMs,
      requestTimeout: options.requestTimeoutMs ?? REMOTE_BUDGET.attemptTimeoutMs,
      throwOnRequestTimeout: true,
      socketTimeout: options.requestTimeoutMs ?? REMOTE_BUDGET.attemptTimeoutMs,
    },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      requests.set(name, (requests.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'segscopeRequestCounter', priority: 'low' },
  );
  return client;
}
