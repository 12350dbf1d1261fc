import { type KeyboardEvent, useRef } from 'react';
import { useStore } from '../store.js';
import type { Tab } from '../store-contract.js';
import { ChangesPanel } from './ChangesPanel.js';
import { QueryPanel } from './QueryPanel.js';
import { SegmentsView } from './SegmentsView.js';

const TABS: { id: Tab; label: string }[] = [
  { id: 'segments', label: 'Segments' },
  { id: 'query', label: 'Query' },
  { id: 'changes', label: 'Changes' },
];

/**
 * Segments, Query and Changes over the main area. The panels stay mounted while hidden, so a
 * query's rows and the table's scroll survive a trip to another tab; the restore points are read
 * when Query or Changes is first shown, not while the segments are read.
 */
export function MainTabs() {
  const tab = useStore((s) => s.tab);
  const setTab = useStore((s) => s.setTab);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.findIndex((t) => t.id === tab);
    const next =
      e.key === 'ArrowRight'
        ? at + 1
        : e.key === 'ArrowLeft'
          ? at - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    const index = (next + TABS.length) % TABS.length;
    const chosen = TABS[index];
    if (chosen) setTab(chosen.id);
    buttons.current[index]?.focus();
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label="Views" className="tablist" onKeyDown={onKey}>
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {TABS.map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={`panel-${t.id}`}
          aria-labelledby={`tab-${t.id}`}
          hidden={tab !== t.id}
          className="tabpanel"
        >
          {t.id === 'segments' ? <SegmentsView /> : t.id === 'query' ? <QueryPanel /> : <ChangesPanel />}
        </div>
      ))}
    </div>
  );
}
