import { checkNamespace, isNamespaceName } from './namespace.js';
import { SegscopeError } from '../errors.js';

/**
 * libsql-wal's S3 key prefix for a namespace's segments (docs/formats/libsql-wal.md). The directory remote
 * uses the same layout, so a bucket synced to disk opens as a `file://` remote unchanged.
 */
export function remoteSegmentsPrefix(clusterId: string, namespace: string): string {
  return `${seedClusterPrefix(clusterId)}${checkNamespace(namespace)}-v2/segments`;
}

/** What every top-level folder of a cluster's namespaces starts with. */
export function seedClusterPrefix(clusterId: string): string {
  return `ns-${checkClusterId(clusterId)}:`;
}

const SEED_FOLDER = /^ns-([^:/]+):(.+)-v2\/$/;

/**
 * A bucket's top-level folder (`ns-{cluster}:{namespace}-v2/`) as the cluster and namespace it
 * holds; null where it is none, or its names are none a cluster or a namespace can have.
 */
export function seedFolder(prefix: string): { cluster: string; namespace: string } | null {
  const [, cluster, namespace] = SEED_FOLDER.exec(prefix) ?? [];
  if (cluster === undefined || namespace === undefined) return null;
  return isClusterId(cluster) && isNamespaceName(namespace) ? { cluster, namespace } : null;
}

const CLUSTER_ID = /^[A-Za-z0-9_.-]{1,128}$/;

function isClusterId(clusterId: string): boolean {
  return CLUSTER_ID.test(clusterId) && clusterId !== '.' && clusterId !== '..';
}

function checkClusterId(clusterId: string): string {
  if (!isClusterId(clusterId)) {
    throw new SegscopeError(
      'INVALID_ARGUMENT',
      `"${clusterId}" is not a usable cluster id: use 1 to 128 letters, digits, "_", "." or "-"`,
    );
  }
  return clusterId;
}
