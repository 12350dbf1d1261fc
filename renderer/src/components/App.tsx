import { type CSSProperties, useEffect, useState } from 'react';
import { bridge } from '../bridge.js';
import { useDetailsBelow, useDetailsRoom } from '../details-placement.js';
import { useStore } from '../store.js';
import { COLLAPSED, Details, EmptyDetails } from './Details.js';
import { ErrorBanner } from './ErrorBanner.js';
import { FetchForm } from './FetchForm.js';
import { MainTabs } from './MainTabs.js';
import { OpenDirectoryDialog } from './OpenDirectoryDialog.js';
import { RemoteSettingsDialog } from './RemoteSettingsDialog.js';
import { Sources } from './Sources.js';
import { StatusBar } from './StatusBar.js';
import { Toolbar } from './Toolbar.js';

/**
 * The Details pane's first width: 27% of the window, within 240 to 520 px. A wide window gives
 * the segments' columns more than they use, and Details' values (format names, ids) wrap less.
 */
const firstDetailsWidth = () => Math.round(Math.min(520, Math.max(240, window.innerWidth * 0.27)));
/** Its first height when it sits below the tabs: a third of the window, within 180 to 360 px. */
const firstDetailsHeight = () => Math.round(Math.min(360, Math.max(180, window.innerHeight / 3)));

/** The desktop shell: title bar and commands, Sources, the tabs, Details, and the tasks' status bar. */
export function App() {
  const dialog = useStore((s) => s.dialog);
  // With nothing to show, Details keeps a narrow strip and the segments get the room. It shows the
  // Segments tab's selection: Query and Changes get the whole width and height while they are shown.
  const chosen = useStore((s) => s.selected !== null || s.comparison !== null);
  const onSegments = useStore((s) => s.tab === 'segments');
  const open = chosen && onSegments;
  const [detailsWidth, setDetailsWidth] = useState(firstDetailsWidth);
  const [detailsHeight, setDetailsHeight] = useState(firstDetailsHeight);
  const below = useDetailsBelow(open, detailsWidth);
  // Below the tabs, Details gets what the Segments rows leave; the height asked for comes back when room does.
  const room = useDetailsRoom(below);
  const shownHeight = Math.min(detailsHeight, room);
  useEffect(() => {
    const { init, onProgress, refresh, setDialog, setTab } = useStore.getState();
    void init();
    const stop = bridge.onProgress(onProgress);
    const stopCommands = bridge.onCommand?.((command) => {
      if (command === 'reload') void init();
      if (command === 'remote-settings') setDialog('remote');
      if (command === 'open-directory') setDialog('open');
      if (command === 'fetch-by-frame') setDialog('fetch');
      if (command === 'tab-segments') setTab('segments');
      if (command === 'tab-query') setTab('query');
      if (command === 'tab-changes') setTab('changes');
    });
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F5' || ((e.ctrlKey || e.metaKey) && e.key === 'r')) {
        e.preventDefault();
        void refresh();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      stop();
      stopCommands?.();
      window.removeEventListener('keydown', onKey);
    };
  }, []);
  return (
    <div
      className={below ? 'app details-below' : 'app'}
      style={
        {
          '--details-width': `${open ? detailsWidth : COLLAPSED}px`,
          '--details-height': `${shownHeight}px`,
        } as CSSProperties
      }
    >
      <Toolbar />
      <Sources />
      <main className="workspace">
        <ErrorBanner />
        <MainTabs />
      </main>
      {open ? (
        below ? (
          <Details below size={shownHeight} most={room} onResize={setDetailsHeight} />
        ) : (
          <Details below={false} size={detailsWidth} onResize={setDetailsWidth} />
        )
      ) : (
        <EmptyDetails chosen={chosen} />
      )}
      <StatusBar />
      {dialog === 'open' && <OpenDirectoryDialog />}
      {dialog === 'remote' && <RemoteSettingsDialog />}
      {dialog === 'fetch' && <FetchForm />}
    </div>
  );
}
