import type { ReactNode } from 'react';

interface Props {
  id: number;
  title: string;
  onReset: () => void;
  /** One or two sentences on what the example shows. */
  intro?: ReactNode;
  /** The editable inputs. */
  inputs: ReactNode;
  /** The traces: formula → substitution → result. */
  children: ReactNode;
}

/** One worked example: heading, inputs with a Reset button, then its traces. */
export function ExampleSection({ id, title, onReset, intro, inputs, children }: Props) {
  const headingId = `example-${id}-heading`;
  return (
    <section aria-labelledby={headingId} className="panel wide example" id={`example-${id}`}>
      <div className="example-head">
        <h2 id={headingId}>
          Example {id}: {title}
        </h2>
        <button type="button" aria-describedby={headingId} onClick={onReset}>
          Reset
        </button>
      </div>
      {intro !== undefined && <p className="example-intro">{intro}</p>}
      <div className="example-inputs">{inputs}</div>
      <div className="example-traces">{children}</div>
    </section>
  );
}

