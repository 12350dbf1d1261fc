import { useVerify } from '../verify-store.js';
import { verifySummary } from '../verify-summary.js';

/**
 * What Verify all found: its summary once it has run whole, and the namespace's findings that are
 * no row's (a gap in the chain, the log against data-wal, a sentinel), each by severity and code.
 * The status is there from the verify's start, before it says anything, so a screen reader
 * announces the summary when it comes; with no verify it takes no room.
 */
export function VerifyOutcome() {
  const outcome = useVerify((s) => s.outcome);
  const findings = useVerify((s) => s.findings);
  const running = useVerify((s) => s.running);
  const failed = outcome?.some((s) => !s.ok) ?? false;
  // Errors first: the list scrolls past a few lines, and what failed is what the summary counts.
  const problems = findings
    .flatMap((f) => f.problems.map((p) => ({ ...p, file: f.file })))
    .sort((a, b) => Number(a.severity !== 'error') - Number(b.severity !== 'error'));
  if (!running && !outcome && problems.length === 0) return null;
  return (
    <div className="verify-outcome">
      <p role="status" aria-label="Verify summary" className={failed ? 'status-bad' : undefined}>
        {outcome ? `Verify all: ${verifySummary(outcome)}` : ''}
      </p>
      {problems.length > 0 && (
        <ul className="problems" aria-label="Namespace findings" tabIndex={0}>
          {problems.map((p, i) => (
            <li key={i} className={p.severity}>
              {p.file}: <span className="severity">{p.severity}</span> <code>{p.code}</code> {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
