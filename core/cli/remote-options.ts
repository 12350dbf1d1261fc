import { BUCKET_LAYOUTS, type RemoteSettings } from '../model/settings.js';
import { type OptionSpecs, type OptionValues, stringOption, usageError } from './command.js';

/** The remote options every command that may use a remote takes. */
export const REMOTE_OPTIONS: OptionSpecs = {
  remote: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'cluster-id': { type: 'string' },
  namespace: { type: 'string' },
  layout: { type: 'string' },
  'remote-layout': { type: 'string' },
};

export const REMOTE_USAGE =
  '[--remote s3://<bucket>|file://<dir>] [--endpoint <url>] [--region <r>] [--cluster-id <id>] ' +
  '[--remote-layout libsql-wal|seed-bucket|bottomless] [--namespace <ns>|<layout>/<ns>] ' +
  '[--layout seed|sqld|compactor|loose]';

/** The namespace asked for; undefined leaves the choice to the layout (one namespace's folder). */
export function namespaceOption(values: OptionValues): string | undefined {
  return stringOption(values, 'namespace');
}

/**
 * Reads the remote options. S3 credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
 * when both are set, otherwise null, which leaves them to the SDK's standard chain (profiles…).
 */
export function remoteSettingsFrom(values: OptionValues, env: NodeJS.ProcessEnv): RemoteSettings {
  const remote = stringOption(values, 'remote');
  const clusterId = stringOption(values, 'cluster-id');
  const layoutText = stringOption(values, 'remote-layout');
  const chosen = BUCKET_LAYOUTS.find((l) => l === layoutText);
  if (layoutText !== undefined && !chosen) throw usageError(`--remote-layout is ${BUCKET_LAYOUTS.join(' or ')}`);
  const layout = chosen ? { layout: chosen } : {};
  if (remote === undefined) {
    for (const name of ['endpoint', 'region', 'cluster-id', 'remote-layout']) {
      if (values[name] !== undefined) throw usageError(`--${name} needs --remote`);
    }
    return { kind: 'none' };
  }
  // Unnamed, a cluster is the bucket's only one (layouts/open-remote.ts); a bottomless bucket has none.
  if (clusterId === '')
    throw usageError('--cluster-id is empty: name the libsql cluster whose segments the bucket holds');
  if (remote.startsWith('file://')) {
    const path = remote.slice('file://'.length);
    if (!path.startsWith('/'))
      throw usageError(`--remote file:// needs an absolute path, e.g. file:///srv/bucket-copy (got "${remote}")`);
    return { kind: 'directory', path, clusterId: clusterId ?? '', ...layout };
  }
  if (remote.startsWith('s3://')) {
    const bucket = remote.slice('s3://'.length).replace(/\/$/, '');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
      throw usageError(`"${bucket}" is not a valid S3 bucket name`);
    const accessKeyId = env.AWS_ACCESS_KEY_ID ?? null;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY ?? null;
    const explicit = accessKeyId !== null && secretAccessKey !== null;
    return {
      kind: 's3',
      ...layout,
      bucket,
      endpoint: stringOption(values, 'endpoint') ?? null,
      region: stringOption(values, 'region') ?? env.AWS_REGION ?? 'us-east-1',
      clusterId: clusterId ?? '',
      accessKeyId: explicit ? accessKeyId : null,
      secretAccessKey: explicit ? secretAccessKey : null,
    };
  }
  throw usageError(`--remote must be s3://<bucket> or file://<dir>, got "${remote}"`);
}
