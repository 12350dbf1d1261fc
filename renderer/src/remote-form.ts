import type { BucketLayout, PublicRemoteSettings, RemoteSettings } from '../../core/model/settings.js';

/** What the Remote settings dialog's fields hold, as typed. */
export interface RemoteFields {
  kind: RemoteSettings['kind'];
  layout: BucketLayout | 'detect';
  path: string;
  endpoint: string;
  bucket: string;
  clusterId: string;
  region: string;
  accessKeyId: string;
  /** Never filled from the settings: the stored secret never comes back to this page. */
  secret: string;
}

/** The fields as the remote now set fills them, the rest at their defaults. */
export function remoteFields(current: PublicRemoteSettings | undefined): RemoteFields {
  const s3 = current?.kind === 's3' ? current : null;
  return {
    kind: current?.kind ?? 'none',
    layout: current && current.kind !== 'none' ? (current.layout ?? 'detect') : 'detect',
    path: current?.kind === 'directory' ? current.path : '',
    endpoint: s3?.endpoint ?? '',
    bucket: s3?.bucket ?? '',
    clusterId: s3?.clusterId ?? (current?.kind === 'directory' ? current.clusterId : 'default'),
    region: s3?.region ?? 'us-east-1',
    accessKeyId: s3?.accessKeyId ?? '',
    secret: '',
  };
}

/** The remote the fields describe, as the server takes it. */
export function remoteSettings(f: RemoteFields): RemoteSettings {
  const { kind } = f;
  if (kind === 'none') return { kind };
  const chosen = f.layout === 'detect' ? {} : { layout: f.layout };
  if (kind === 'directory') return { kind, path: f.path.trim(), clusterId: f.clusterId.trim(), ...chosen };
  return {
    kind,
    ...chosen,
    bucket: f.bucket.trim(),
    endpoint: f.endpoint.trim() || null,
    region: f.region.trim(),
    clusterId: f.clusterId.trim(),
    accessKeyId: f.accessKeyId.trim() || null,
    // Left empty: keep the stored secret (it never comes back to this page).
    secretAccessKey: f.secret || null,
  };
}
