import { useMemo } from 'react';
import type { NamespaceInfo, NamespaceKind } from '../../../core/model/results.js';
import { bridge, isDesktop } from '../bridge.js';
import { type Shown, frameText } from '../format.js';
import { isOpen, useOpenNamespace } from '../open-namespace.js';
import { useStore } from '../store.js';
import { useVerify } from '../verify-store.js';
import { Breakable, NAME_BREAKS } from './Breakable.js';
import { FrameNumber } from './FrameNumber.js';
import { StorePanel } from './StorePanel.js';
import { layoutWritable } from './Toolbar.js';

/** Whether the open namespace shows something wrong: a gap, an overlap, a bad row or a failed check. */
function useOpenNamespaceTrouble(): string | null {
  const listing = useStore((s) => s.listing);
  // The rows that failed, and what failed of the namespace as a whole (a gap, data-wal against the log).
  const failed = useVerify((s) => s.failed.size + s.findings.filter((f) => !f.ok).length);
  const bad = useMemo(
    () =>
      listing?.segments.filter((s) => s.status !== 'ok' && s.status !== 'unsealed' && s.status !== 'unchecked')
        .length ?? 0,
    [listing],
  );
  if (!listing) return null;
  const parts = [
    listing.gaps.length ? `${listing.gaps.length} gaps` : '',
    listing.overlaps.length ? `${listing.overlaps.length} overlaps` : '',
    bad ? `${bad} segments with a problem` : '',
    failed ? `${failed} failed verify` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

/** A namespace's kind in words, as the layout tells it (the namespaces call, every namespace alike). */
const KIND_WORDS: Record<NamespaceKind, string> = {
  'default-mode': 'default mode (replication log)',
  'libsql-wal': 'libsql-wal segments',
  bottomless: 'bottomless',
  seed: "seed's store (libsql-wal segments)",
};
const WHERE: Record<NamespaceInfo['location'], string> = {
  local: '',
  both: ' · here and in the remote',
  remote: ' · in the remote only',
};

/** The open namespace's generations, where its rows have any: what its listing adds to the kind. */
function useOpenGenerations(): number {
  const listing = useStore((s) => s.listing);
  return useMemo(
    () => new Set(listing?.segments.map((s) => s.generation).filter((g) => g !== undefined)).size,
    [listing],
  );
}

function kindWords(ns: NamespaceInfo, generations: number): string | null {
  if (!ns.kind) return null;
  if (ns.kind !== 'bottomless' || generations === 0) return KIND_WORDS[ns.kind];
  return `bottomless, ${generations.toLocaleString('en-US')} generation${generations === 1 ? '' : 's'}`;
}

/**
 * A namespace whose folder could not be read: its code and why, never a count of 0 segments. A long
 * why (a file's path) is cut after its first words; the whole stays in the button's name, in the
 * title, and in the Segments tab's alert once the namespace is chosen.
 */
function NotReadFacts({ error }: { error: Shown }) {
  return (
    <span className="ns-facts ns-not-read" title={`${error.code} ${error.message}`}>
      not read:{' '}
      <code>
        <Breakable text={error.code} at={NAME_BREAKS} />
      </code>{' '}
      <Breakable text={error.message} at={NAME_BREAKS} />
    </span>
  );
}

interface NamespaceProps {
  ns: NamespaceInfo;
  current: boolean;
  trouble: string | null;
  kind: string | null;
}

function NamespaceButton({ ns, current, trouble, kind }: NamespaceProps) {
  const listing = useStore((s) => s.listing);
  const selectNamespace = useStore((s) => s.selectNamespace);
  // The open namespace's count is the listing's, remote-only segments included.
  const count = current && listing ? listing.segments.length : ns.segments;
  const newest = current && listing ? listing.maxFrameNo : ns.maxFrameNo;
  const mark = current ? trouble : null;
  return (
    <li>
      <button
        type="button"
        className={`namespace${current ? ' current' : ''}`}
        aria-current={current ? 'true' : undefined}
        onClick={() => void selectNamespace(ns.id)}
      >
        <span className="ns-name">
          {ns.name}
          {/* A namespace not read: the words below say it, and the mark only draws the eye. */}
          {ns.error ? (
            <span className="mark" aria-hidden="true">
              !
            </span>
          ) : (
            mark && (
              <span className="mark" role="img" aria-label={`problem: ${mark}`} title={mark}>
                !
              </span>
            )
          )}
        </span>
        {ns.error ? (
          <NotReadFacts error={ns.error} />
        ) : (
          <span className="ns-facts">
            {count.toLocaleString('en-US')} segments
            {newest !== null && (
              <>
                {' · newest '}
                <FrameNumber value={newest} />
              </>
            )}
            {WHERE[ns.location]}
            {ns.layout ? ` · ${ns.layout}` : ''}
          </span>
        )}
        {kind && <span className="ns-kind">{kind}</span>}
      </button>
    </li>
  );
}

/** Where the segments come from: the directory and its layout, its namespaces, the remote. */
export function Sources() {
  const settings = useStore((s) => s.settings);
  const listing = useStore((s) => s.listing);
  const namespaces = useStore((s) => s.namespaces);
  const { open, setDialog } = useStore.getState();
  const trouble = useOpenNamespaceTrouble();
  const generations = useOpenGenerations();
  const remote = settings?.remote;
  const openDirectory = async () => {
    if (isDesktop && bridge.chooseDirectory) {
      const dir = await bridge.chooseDirectory();
      if (dir) await open(dir);
    } else {
      setDialog('open');
    }
  };
  const { id: openId } = useOpenNamespace();
  const list: NamespaceInfo[] =
    namespaces?.namespaces ??
    (listing
      ? [
          {
            name: listing.namespace,
            id: listing.namespaceId ?? listing.namespace,
            segments: listing.segments.length,
            maxFrameNo: listing.maxFrameNo,
            location: 'local' as const,
          },
        ]
      : []);
  return (
    <nav className="sources" aria-label="Sources">
      <h2>Directory</h2>
      <p className="current-dir" aria-label="Current directory" title={settings?.dir ?? ''}>
        {settings?.dir ? <Breakable text={settings.dir} at={NAME_BREAKS} /> : 'No directory open'}
      </p>
      {(listing ?? namespaces) && (
        <p className="layout" aria-label="Layout">
          {listing?.layout ?? namespaces?.layout} layout
        </p>
      )}
      <button type="button" onClick={() => void openDirectory()}>
        Open directory…
      </button>
      <h2 id="namespaces-heading">Namespaces</h2>
      {list.length === 0 ? (
        <p className="hint">{settings?.dir ? 'reading…' : 'none'}</p>
      ) : (
        <ul className="namespaces" aria-labelledby="namespaces-heading">
          {list.map((ns) => {
            const current = isOpen(ns, openId, list);
            return (
              <NamespaceButton
                key={ns.id}
                ns={ns}
                current={current}
                trouble={trouble}
                kind={kindWords(ns, current ? generations : 0)}
              />
            );
          })}
        </ul>
      )}
      <h2>Remote</h2>
      <p className="remote-summary" aria-label="Remote">
        {remote?.kind === 's3'
          ? `S3 bucket ${remote.bucket}`
          : remote?.kind === 'directory'
            ? `Directory ${remote.path}`
            : 'No remote'}
        {listing?.remoteMaxFrameNo != null ? ` · durable to frame ${frameText(listing.remoteMaxFrameNo)}` : ''}
      </p>
      <button type="button" onClick={() => setDialog('remote')}>
        Remote settings
      </button>
      {layoutWritable(listing?.layout) && <StorePanel />}
    </nav>
  );
}
