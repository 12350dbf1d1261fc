import type { LayoutName } from './results.js';

/** How a bucket lays out its keys (docs/formats/libsql-wal.md); unset: detected from the keys it holds. */
export const BUCKET_LAYOUTS = ['libsql-wal', 'seed-bucket', 'bottomless'] as const;
export type BucketLayout = (typeof BUCKET_LAYOUTS)[number];

/**
 * The cluster a `file://` bucket holding none is read and written for, where none is named: what
 * `segscope demo` writes.
 */
export const DEFAULT_CLUSTER_ID = 'default';

/** Where segments live and which remote mirrors them; kept by the desktop app in its settings file. */
export type RemoteSettings =
  | { kind: 'none' }
  | { kind: 'directory'; path: string; clusterId: string; layout?: BucketLayout }
  | {
      kind: 's3';
      layout?: BucketLayout;
      bucket: string;
      /** Custom endpoint (MinIO, R2, a local server); path-style addressing is used when set. */
      endpoint: string | null;
      region: string;
      clusterId: string;
      /** Null: take credentials from the standard AWS chain. */
      accessKeyId: string | null;
      secretAccessKey: string | null;
    };

export interface SegscopeSettings {
  /** The directory opened (any layout), or null before one is. */
  dir: string | null;
  /** The layout chosen by hand; null lets Segscope detect it. */
  layout: LayoutName | null;
  /** The namespace chosen; null takes the layout's default. */
  namespace: string | null;
  remote: RemoteSettings;
  /** A query's time limit in seconds (the settings file's `queryTimeoutSeconds`); unset: 30. */
  queryTimeoutSeconds?: number;
}

/** Settings as the renderer sees them: the secret key never leaves the main process. */
export type PublicRemoteSettings =
  | Exclude<RemoteSettings, { kind: 's3' }>
  | (Omit<Extract<RemoteSettings, { kind: 's3' }>, 'secretAccessKey'> & { hasSecretAccessKey: boolean });

export interface PublicSettings {
  /** False when a saved S3 secret lasts for this session only (no secure OS key store, or the browser mode). */
  secretPersisted: boolean;
  dir: string | null;
  layout: LayoutName | null;
  namespace: string | null;
  remote: PublicRemoteSettings;
}
