import { type ProgressEvent, isLastProgress } from '../../../core/progress.js';
import { shownText } from '../format.js';
import { useStore } from '../store.js';
import { useTimeTravel } from '../time-travel-store.js';
import { useVerify } from '../verify-store.js';

const PHASES: Record<string, string> = {
  download: 'Downloading a segment',
  upload: 'Uploading a segment',
  restore: 'Restoring the database at a point',
  rows: 'Reading rows',
};

interface Task {
  id: string;
  name: string;
  done?: number;
  total?: number;
  cancel?: () => void;
}

function TaskRow({ task }: { task: Task }) {
  const known = task.total !== undefined && task.done !== undefined && task.total > 0;
  return (
    <li className="task">
      <span className="task-name">{task.name}</span>
      <div
        role="progressbar"
        aria-label={task.name}
        className={`track${known ? '' : ' indeterminate'}`}
        {...(known ? { 'aria-valuemin': 0, 'aria-valuemax': task.total, 'aria-valuenow': task.done } : {})}
      >
        {known && <div style={{ width: `${((task.done ?? 0) / (task.total ?? 1)) * 100}%` }} />}
      </div>
      {known && (
        <span className="task-count">
          {task.done?.toLocaleString('en-US')} of {task.total?.toLocaleString('en-US')}
        </span>
      )}
      {task.cancel && (
        <button type="button" onClick={task.cancel} aria-label={`Cancel ${task.name.toLowerCase()}`}>
          Cancel
        </button>
      )}
    </li>
  );
}

/** Every long operation under way, each named for what it does, with Cancel where it can end. */
export function StatusBar() {
  const loading = useStore((s) => s.loading);
  const progress = useStore((s) => s.progress);
  const verify = useVerify();
  const running = useTimeTravel((s) => s.running);
  const comparing = useTimeTravel((s) => s.comparing);
  const cancelQuery = useTimeTravel((s) => s.cancel);
  const tasks: Task[] = [];
  if (loading) tasks.push({ id: 'reading', name: 'Reading segments' });
  if (verify.running)
    tasks.push({
      id: 'verify',
      name: 'Verifying segments',
      done: verify.done,
      total: verify.total,
      cancel: verify.cancel,
    });
  if (running) tasks.push({ id: 'query', name: 'Running the query', cancel: () => void cancelQuery() });
  if (comparing) tasks.push({ id: 'changes', name: 'Comparing two points', cancel: () => void cancelQuery() });
  const server = Object.values(progress).filter((p: ProgressEvent) => !isLastProgress(p) && p.phase !== 'verify');
  for (const p of server) {
    const name = PHASES[p.phase] ?? p.phase;
    tasks.push({
      id: p.id,
      name,
      done: p.done,
      total: p.total,
      ...(running || comparing ? { cancel: () => void cancelQuery() } : {}),
    });
  }
  return (
    <footer className="statusbar">
      {tasks.length === 0 ? (
        <span className="idle">{verify.error ? `Verify stopped: ${shownText(verify.error)}` : 'Ready'}</span>
      ) : (
        <ul className="tasks" aria-label="Tasks">
          {tasks.map((t) => (
            <TaskRow key={t.id} task={t} />
          ))}
        </ul>
      )}
    </footer>
  );
}
