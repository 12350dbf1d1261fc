import { useStore } from '../store.js';

export function ProgressBars() {
  const progress = useStore((s) => s.progress);
  const loading = useStore((s) => s.loading);
  const running = Object.values(progress).filter((p) => p.done < p.total);
  if (running.length === 0 && !loading) return null;
  return (
    <div className="progress-list">
      {loading && <div role="progressbar" aria-label="Loading segments" className="track indeterminate" />}
      {running.map((p) => (
        <div key={p.id} className="progress-row">
          <span>{p.phase}</span>
          <div role="progressbar" aria-label={`${p.phase} ${p.id}`} aria-valuemin={0} aria-valuemax={p.total} aria-valuenow={p.done} className="track">
            <div style={{ width: `${p.total > 0 ? (p.done / p.total) * 100 : 0}%` }} />
          </div>
        </div>
      ))}
    </div>
  );
}
