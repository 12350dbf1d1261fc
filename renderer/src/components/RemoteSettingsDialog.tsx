import { type FormEvent, useState } from 'react';
import type { BucketLayout, RemoteSettings } from '../../../core/model/settings.js';
import { call, isDesktop } from '../bridge.js';
import { describeError } from '../format.js';
import { useStore } from '../store.js';
import { Dialog } from './Dialog.js';
import { TextField } from './TextField.js';

type Kind = RemoteSettings['kind'];

/** Where segments are mirrored: nowhere, a directory laid out like the bucket, or S3 itself. */
export function RemoteSettingsDialog() {
  const current = useStore((s) => s.settings?.remote);
  const secretPersisted = useStore((s) => s.settings?.secretPersisted ?? false);
  const saveRemote = useStore((s) => s.saveRemote);
  const s3 = current?.kind === 's3' ? current : null;
  const [kind, setKind] = useState<Kind>(current?.kind ?? 'none');
  const [path, setPath] = useState(current?.kind === 'directory' ? current.path : '');
  const [endpoint, setEndpoint] = useState(s3?.endpoint ?? '');
  const [bucket, setBucket] = useState(s3?.bucket ?? '');
  const [clusterId, setClusterId] = useState(
    s3?.clusterId ?? (current?.kind === 'directory' ? current.clusterId : 'default'),
  );
  const [region, setRegion] = useState(s3?.region ?? 'us-east-1');
  const [accessKeyId, setAccessKeyId] = useState(s3?.accessKeyId ?? '');
  const [secret, setSecret] = useState('');
  const [layout, setLayout] = useState<BucketLayout | 'detect'>(
    current && current.kind !== 'none' ? (current.layout ?? 'detect') : 'detect',
  );
  const [test, setTest] = useState('');

  const settings = (): RemoteSettings => {
    if (kind === 'none') return { kind };
    const chosen = layout === 'detect' ? {} : { layout };
    if (kind === 'directory') return { kind, path: path.trim(), clusterId: clusterId.trim(), ...chosen };
    return {
      kind,
      ...chosen,
      bucket: bucket.trim(),
      endpoint: endpoint.trim() || null,
      region: region.trim(),
      clusterId: clusterId.trim(),
      accessKeyId: accessKeyId.trim() || null,
      // Left empty: keep the stored secret (it never comes back to this page).
      secretAccessKey: secret || null,
    };
  };
  const testConnection = async () => {
    setTest('Testing…');
    try {
      const result = await call('testRemote', { remote: settings() });
      const where = result.namespaces === null ? '' : `, ${result.namespaces} namespaces`;
      setTest(
        `Connected to ${result.description}: ${result.layout ?? 'unknown'} layout${where}, ${result.segments} ` +
          `segments in this namespace`,
      );
    } catch (error) {
      const e = describeError(error);
      setTest(`${e.code}: ${e.message}`);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void saveRemote(settings());
  };
  return (
    <Dialog title="Remote settings">
      <form onSubmit={onSubmit} className="remote-form">
        <label>
          Remote type
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="none">None</option>
            <option value="directory">Directory (laid out like the bucket)</option>
            <option value="s3">S3</option>
          </select>
        </label>
        {kind !== 'none' && (
          <label>
            Layout
            <select value={layout} onChange={(e) => setLayout(e.target.value as BucketLayout | 'detect')}>
              <option value="detect">Detected from the keys</option>
              <option value="libsql-wal">libsql-wal (v2/clusters/…)</option>
              <option value="seed-bucket">Seed bucket (ns-…-v2/…)</option>
              <option value="bottomless">bottomless (sqld's generations, db-uuid/…)</option>
            </select>
          </label>
        )}
        {kind === 'directory' && (
          <TextField label="Remote directory" value={path} onValue={setPath} spellCheck={false} />
        )}
        {kind === 's3' && (
          <>
            <TextField
              label="Endpoint"
              value={endpoint}
              onValue={setEndpoint}
              placeholder="https://s3.amazonaws.com (empty: AWS)"
              spellCheck={false}
            />
            <TextField label="Bucket" value={bucket} onValue={setBucket} spellCheck={false} />
            <TextField label="Region" value={region} onValue={setRegion} />
            <TextField
              label="Access key ID"
              value={accessKeyId}
              onValue={setAccessKeyId}
              autoComplete="off"
              spellCheck={false}
            />
            <TextField
              label="Secret access key"
              value={secret}
              onValue={setSecret}
              type="password"
              autoComplete="off"
              placeholder={s3?.hasSecretAccessKey ? 'stored (leave empty to keep)' : ''}
            />
            {!secretPersisted && (
              <p className="hint" role="note">
                The secret is kept for this session only:{' '}
                {isDesktop
                  ? 'this system offers no secure key store (no keyring), so it is never written to disk'
                  : 'the browser mode never writes it to disk'}
                .
              </p>
            )}
          </>
        )}
        {kind !== 'none' && (
          <TextField label="Cluster ID" value={clusterId} onValue={setClusterId} spellCheck={false} />
        )}
        <p role="status" className="hint">
          {test}
        </p>
        <div className="actions">
          <button type="button" onClick={() => void testConnection()} disabled={kind === 'none'}>
            Test connection
          </button>
          <button type="submit">Save</button>
        </div>
      </form>
    </Dialog>
  );
}
