import { type CSSProperties, useEffect, useLayoutEffect, useState } from 'react';
import { bridge } from '../bridge.js';
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

/** The Details pane's first width: a quarter of the window, within 240 to 420 px. */
const firstDetailsWidth = () => Math.round(Math.min(420, Math.max(240, window.innerWidth * 0.25)));
/** Its first height when it sits below the tabs: a third of the window, within 180 to 360 px. */
const firstDetailsHeight = () => Math.round(Math.min(360, Math.max(180, window.innerHeight / 3)));
/** The least width Details takes beside the tabs (the stylesheet's `max(240px, …)`). */
const SIDE_MIN = 240;
/** The width the stylesheet leaves the tabs before Details may take any more. */
const TABS_KEPT = 600;

/**
 * Whether Details goes below the tabs: where beside them it would leave the Segments table less
 * than its columns need whole (twenty-digit frames, a bottomless generation at 1024 px), so the
 * table never scrolls sideways and no column is cut. Decided again on every resize.
 */
function useDetailsBelow(open: boolean, detailsWidth: number): boolean {
  const least = useStore((s) => s.tableLeast);
  const [below, setBelow] = useState(false);
  useLayoutEffect(() => {
    const decide = () => {
      const nav = document.querySelector('nav.sources')?.getBoundingClientRect().width ?? 0;
      const main = document.querySelector('main.workspace');
      const table = document.querySelector('[role="table"][aria-label="Segments"]');
      // The main area's padding and the table's border: the same beside or below.
      const edges = main && table ? main.getBoundingClientRect().width - table.clientWidth : 0;
      const side = Math.min(detailsWidth, Math.max(SIDE_MIN, window.innerWidth - nav - TABS_KEPT));
      setBelow(open && window.innerWidth - nav - side - edges < least);
    };
    decide();
    window.addEventListener('resize', decide);
    return () => window.removeEventListener('resize', decide);
  }, [open, least, detailsWidth]);
  return below;
}

/** The desktop shell: title bar and commands, Sources, the tabs, Details, and the tasks' status bar. */
export function App() {
  const dialog = useStore((s) => s.dialog);
  // With nothing to show, Details keeps a narrow strip and the segments get the room.
  const open = useStore((s) => s.selected !== null || s.comparison !== null);
  const [detailsWidth, setDetailsWidth] = useState(firstDetailsWidth);
  const [detailsHeight, setDetailsHeight] = useState(firstDetailsHeight);
  const below = useDetailsBelow(open, detailsWidth);
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
          '--details-height': `${detailsHeight}px`,
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
          <Details below size={detailsHeight} onResize={setDetailsHeight} />
        ) : (
          <Details below={false} size={detailsWidth} onResize={setDetailsWidth} />
        )
      ) : (
        <EmptyDetails />
      )}
      <StatusBar />
      {dialog === 'open' && <OpenDirectoryDialog />}
      {dialog === 'remote' && <RemoteSettingsDialog />}
      {dialog === 'fetch' && <FetchForm />}
    </div>
  );
}
