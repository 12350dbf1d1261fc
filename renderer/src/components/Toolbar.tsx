import { bridge, isDesktop } from '../bridge.js';
import { useStore } from '../store.js';

export function Toolbar() {
  const settings = useStore((s) => s.settings);
  const open = useStore((s) => s.open);
  const setDialog = useStore((s) => s.setDialog);
  const refresh = useStore((s) => s.refresh);
  const listing = useStore((s) => s.listing);
  const namespaces = useStore((s) => s.namespaces);
  const selectNamespace = useStore((s) => s.selectNamespace);
  const remote = settings?.remote;
  const openDirectory = async () => {
    if (isDesktop && bridge.chooseDirectory) {
      const dir = await bridge.chooseDirectory();
      if (dir) await open(dir);
    } else {
      setDialog('open');
    }
  };
  return (
    <header className="toolbar" role="toolbar" aria-label="Segscope">
      <strong className="brand">Segscope</strong>
      <button type="button" onClick={() => void openDirectory()}>
        Open directory…
      </button>
      <span className="current-dir" aria-label="Current directory" title={settings?.dir ?? ''}>
        {settings?.dir ?? 'No directory open'}
      </span>
      {listing && (
        <span className="layout" aria-label="Layout">
          {listing.layout} layout
        </span>
      )}
      <label className="namespace">
        Namespace
        <select aria-label="Namespace" value={listing?.namespace ?? ''} disabled={!listing} onChange={(e) => void selectNamespace(e.target.value)}>
          {(namespaces?.namespaces ?? (listing ? [{ name: listing.namespace, segments: listing.segments.length }] : [])).map((ns) => (
            <option key={ns.name} value={ns.name}>
              {ns.name} ({ns.segments})
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void refresh()} disabled={!settings?.dir} aria-keyshortcuts="F5">
        Reload
      </button>
      <span className="remote-summary">
        {remote?.kind === 's3' ? `S3: ${remote.bucket}` : remote?.kind === 'directory' ? `Remote: ${remote.path}` : 'No remote'}
      </span>
      <button type="button" onClick={() => setDialog('remote')}>
        Remote settings
      </button>
    </header>
  );
}
