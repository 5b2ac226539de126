import { Suspense, lazy, useId, useState } from 'react';
import type { Explanation } from '../worker/api';
import { errorMessage } from './labContext';

const ExplainPanel = lazy(() => import('./ExplainPanel').then((m) => ({ default: m.ExplainPanel })));

interface Props {
  /** Fetches the real numbers behind the value (from the worker). */
  load(): Promise<Explanation>;
  shown: number;
  /** Id of the element naming the item, so the button reads "Explain, <title>". */
  describedBy: string;
}

/** An "Explain" button that opens the formula behind one listed value, filled with real numbers. */
export function ExplainToggle({ load, shown, describedBy }: Props) {
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<{ explanation: Explanation } | { error: string } | null>(null);

  const toggle = async () => {
    const next = !open;
    setOpen(next);
    if (next) {
      try {
        setState({ explanation: await load() });
      } catch (e) {
        setState({ error: errorMessage(e) });
      }
    }
  };

  return (
    <>
      <button type="button" className="link" aria-expanded={open} aria-controls={panelId} aria-describedby={describedBy} onClick={() => void toggle()}>
        Explain
      </button>
      <div id={panelId} className="explain-slot" hidden={!open}>
        {open && state && 'error' in state && <p role="alert">{state.error}</p>}
        {open && state && 'explanation' in state && (
          <Suspense fallback={<p>Loading…</p>}>
            <ExplainPanel explanation={state.explanation} shown={shown} />
          </Suspense>
        )}
      </div>
    </>
  );
}
