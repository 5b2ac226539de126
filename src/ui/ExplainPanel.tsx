import 'katex/dist/katex.min.css';
import './examples/examples.css';
import type { Explanation } from '../worker/api';
import { TraceView } from './examples/TraceView';
import { fixed4 } from './examples/outcome';

interface Props {
  explanation: Explanation;
  /** The value as the list shows it, which the explanation must reproduce. */
  shown: number;
}

/**
 * A displayed score explained with the lesson's formula and the fitted model's real numbers. The
 * worker recomputed the value with the same traced formula code as the Worked examples; the panel
 * says whether it matches the listed value.
 */
export function ExplainPanel({ explanation: e, shown }: Props) {
  const recomputed = e.trace.value;
  // The list's value went through float32 storage; anything closer than 1e-5 is the same number.
  const matches = Math.abs(recomputed - shown) <= 1e-5;
  return (
    <div className="explain" role="region" aria-label="Explanation">
      <p className="muted">{e.intro}</p>
      <TraceView example="explain" outcome={{ kind: 'ok', trace: e.trace }} results={[{ name: 'value', label: e.resultLabel, format: fixed4 }]} />
      {e.tables.map((t) => (
        <div className="table-scroll" key={t.caption}>
          <table>
            <caption>{t.caption}</caption>
            <thead>
              <tr>
                {t.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {t.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c} className={typeof cell === 'number' ? 'num' : undefined}>
                      {typeof cell === 'number' ? (Number.isInteger(cell) ? cell : fixed4(cell)) : cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <p className={matches ? 'match' : 'warning'}>
        Shown in the list: <span data-testid="explain-shown">{fixed4(shown)}</span>
        {matches ? ': the same value.' : ': differs from the recomputed value.'}
      </p>
    </div>
  );
}
