import { frameText } from '../format.js';
import { useStore } from '../store.js';

/**
 * Every missing frame range, by name: a restore or a query past one is refused, so Query and
 * Changes offer no point past the first, and "Show" brushes the timeline to the frames around it.
 */
export function Gaps() {
  const gaps = useStore((s) => s.listing?.gaps);
  const setSpan = useStore((s) => s.setSpan);
  if (!gaps || gaps.length === 0) return null;
  return (
    <details className="gaps">
      <summary>
        {gaps.length.toLocaleString('en-US')} {gaps.length === 1 ? 'gap' : 'gaps'}: frames no segment holds
      </summary>
      <ul aria-label="Gaps" tabIndex={0}>
        {gaps.map((g) => {
          const frames = g.toFrameNo - g.fromFrameNo + 1n;
          return (
            <li key={`${g.generation ?? ''}:${g.fromFrameNo}`}>
              <span>
                frames {frameText(g.fromFrameNo)} to {frameText(g.toFrameNo)}
                {g.generation === undefined ? '' : ` of generation ${g.generation}`} missing ({frameText(frames)}{' '}
                {frames === 1n ? 'frame' : 'frames'})
              </span>
              <button
                type="button"
                className="plain link"
                aria-label={`Show the segments around frames ${frameText(g.fromFrameNo)} to ${frameText(g.toFrameNo)}`}
                onClick={() =>
                  setSpan({
                    from: g.fromFrameNo > frames ? g.fromFrameNo - frames : 0n,
                    to: g.toFrameNo + frames,
                    ...(g.generation === undefined
                      ? {}
                      : { generation: g.generation, label: `generation ${g.generation} around the gap` }),
                  })
                }
              >
                Show
              </button>
            </li>
          );
        })}
      </ul>
    </details>
  );
}
