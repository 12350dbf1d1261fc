import { type FormEvent, useState } from 'react';
import { isDesktop } from '../bridge.js';
import { useConnectionTest } from '../connection-test.js';
import { type RemoteFields, remoteFields, remoteSettings } from '../remote-form.js';
import { useStore } from '../store.js';
import { Dialog } from './Dialog.js';
import { TextField } from './TextField.js';

/** A text field's value and setter, bound to one of the form's fields. */
type Bind = (name: keyof RemoteFields) => { value: string; onValue: (value: string) => void };

/** Where the secret is kept when no key store keeps it: this session only, and why. */
function SessionSecretNote() {
  return (
    <p className="hint" role="note">
      The secret is kept for this session only:{' '}
      {isDesktop
        ? 'this system offers no secure key store (no keyring), so it is never written to disk'
        : 'the browser mode never writes it to disk'}
      .
    </p>
  );
}

/** An S3 remote's fields: where the bucket is, and the key that opens it. */
function S3Fields({ bind, secretStored }: { bind: Bind; secretStored: boolean }) {
  const secretPersisted = useStore((s) => s.settings?.secretPersisted ?? false);
  return (
    <>
      <TextField
        label="Endpoint"
        {...bind('endpoint')}
        placeholder="https://s3.amazonaws.com (empty: AWS)"
        spellCheck={false}
      />
      <TextField label="Bucket" {...bind('bucket')} spellCheck={false} />
      <TextField label="Region" {...bind('region')} />
      <TextField label="Access key ID" {...bind('accessKeyId')} autoComplete="off" spellCheck={false} />
      <TextField
        label="Secret access key"
        {...bind('secret')}
        type="password"
        autoComplete="off"
        placeholder={secretStored ? 'stored (leave empty to keep)' : ''}
      />
      {!secretPersisted && <SessionSecretNote />}
    </>
  );
}

/** How the remote's keys are laid out: detected, or one layout named. */
function LayoutSelect({
  value,
  onValue,
}: {
  value: RemoteFields['layout'];
  onValue: (v: RemoteFields['layout']) => void;
}) {
  return (
    <label>
      Layout
      <select value={value} onChange={(e) => onValue(e.target.value as RemoteFields['layout'])}>
        <option value="detect">Detected from the keys</option>
        <option value="libsql-wal">libsql-wal (v2/clusters/…)</option>
        <option value="seed-bucket">Seed bucket (ns-…-v2/…)</option>
        <option value="bottomless">bottomless (sqld's generations, db-uuid/…)</option>
      </select>
    </label>
  );
}

/** Where segments are mirrored: nowhere, a directory laid out like the bucket, or S3 itself. */
export function RemoteSettingsDialog() {
  const current = useStore((s) => s.settings?.remote);
  const saveRemote = useStore((s) => s.saveRemote);
  const [fields, setFields] = useState(() => remoteFields(current));
  const [outcome, testConnection] = useConnectionTest();
  const set = <K extends keyof RemoteFields>(name: K, value: RemoteFields[K]) =>
    setFields((f) => ({ ...f, [name]: value }));
  const bind: Bind = (name) => ({ value: fields[name], onValue: (value) => set(name, value) });
  const { kind } = fields;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void saveRemote(remoteSettings(fields));
  };
  return (
    <Dialog title="Remote settings">
      <form onSubmit={onSubmit} className="remote-form">
        <label>
          Remote type
          <select value={kind} onChange={(e) => set('kind', e.target.value as RemoteFields['kind'])}>
            <option value="none">None</option>
            <option value="directory">Directory (laid out like the bucket)</option>
            <option value="s3">S3</option>
          </select>
        </label>
        {kind !== 'none' && <LayoutSelect value={fields.layout} onValue={(layout) => set('layout', layout)} />}
        {kind === 'directory' && <TextField label="Remote directory" {...bind('path')} spellCheck={false} />}
        {kind === 's3' && <S3Fields bind={bind} secretStored={current?.kind === 's3' && current.hasSecretAccessKey} />}
        {kind !== 'none' && <TextField label="Cluster ID" {...bind('clusterId')} spellCheck={false} />}
        <p role="status" className="hint">
          {outcome}
        </p>
        <div className="actions">
          <button type="button" onClick={() => void testConnection(remoteSettings(fields))} disabled={kind === 'none'}>
            Test connection
          </button>
          <button type="submit">Save</button>
        </div>
      </form>
    </Dialog>
  );
}
