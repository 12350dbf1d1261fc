import { checkNamespace } from './namespace.js';
import { SegscopeError } from '../errors.js';

/**
 * libsql-wal's S3 key prefix for a namespace's segments (docs/formats/libsql-wal.md). The directory remote
 * uses the same layout, so a bucket synced to disk opens as a `file://` remote unchanged.
 */
export function remoteSegmentsPrefix(clusterId: string, namespace: string): string {
  return `ns-${checkClusterId(clusterId)}:${checkNamespace(namespace)}-v2/segments`;
}

const CLUSTER_ID = /^[A-Za-z0-9_.-]{1,128}$/;

function checkClusterId(clusterId: string): string {
  if (!CLUSTER_ID.test(clusterId) || clusterId === '.' || clusterId === '..') {
    throw new SegscopeError(
      'INVALID_ARGUMENT',
      `"${clusterId}" is not a usable cluster id: use 1 to 128 letters, digits, "_", "." or "-"`,
    );
  }
  return clusterId;
}
