import { useEffect } from 'react';
import { bridge } from '../bridge.js';
import { useStore } from '../store.js';
import { useTimeTravel } from '../time-travel-store.js';
import { ChangesPanel } from './ChangesPanel.js';
import { ComparePanel } from './ComparePanel.js';
import { DetailPanel } from './DetailPanel.js';
import { ErrorBanner } from './ErrorBanner.js';
import { FetchForm } from './FetchForm.js';
import { OpenDirectoryDialog } from './OpenDirectoryDialog.js';
import { ProgressBars } from './ProgressBars.js';
import { QueryPanel } from './QueryPanel.js';
import { RemoteSettingsDialog } from './RemoteSettingsDialog.js';
import { SegmentsTable } from './SegmentsTable.js';
import { StorePanel } from './StorePanel.js';
import { Timeline } from './Timeline.js';
import { Toolbar } from './Toolbar.js';

const ensurePoints = () => void useTimeTravel.getState().ensureLoaded();

export function App() {
  const dialog = useStore((s) => s.dialog);
  useEffect(() => {
    const { init, onProgress, refresh, setDialog } = useStore.getState();
    void init();
    const stop = bridge.onProgress(onProgress);
    const stopCommands = bridge.onCommand?.((command) => {
      if (command === 'reload') void init();
      if (command === 'remote-settings') setDialog('remote');
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
    <div className="app">
      <Toolbar />
      <ErrorBanner />
      <ProgressBars />
      <Timeline />
      <main className="main">
        <div className="left">
          <SegmentsTable />
          <ComparePanel />
        </div>
        <DetailPanel />
      </main>
      <footer className="bottom">
        <StorePanel />
        <FetchForm />
      </footer>
      {/* A namespace can have 100,000 restore points: they are read when this part is first used, not
          while the segments table is being read and scrolled. */}
      <section className="time-travel" onPointerEnter={ensurePoints} onFocus={ensurePoints}>
        <QueryPanel />
        <ChangesPanel />
      </section>
      {dialog === 'open' && <OpenDirectoryDialog />}
      {dialog === 'remote' && <RemoteSettingsDialog />}
    </div>
  );
}
