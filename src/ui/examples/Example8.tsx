import { useId, useState } from 'react';
import { example8, ordinaryLeastSquares } from '../../math/formulas';
import { ExampleSection } from './ExampleSection';
import { MatrixInput } from './MatrixInput';
import { attempt, fixed4Vec } from './outcome';
import { mat, toRaw, vec } from './parse';
import { Tex } from './Tex';
import { TraceView } from './TraceView';
import { VectorInput } from './VectorInput';

/** X as rows (observations) × columns (features), as the grid shows it. */
const defaults = () => ({
  X: example8.y.map((_, i) => example8.columns.map((c) => String(c[i]))),
  y: toRaw(example8.y),
  intercept: example8.intercept,
});

const beta = (v: number[] | null) => (v === null ? 'no unique solution (XᵀX is singular)' : fixed4Vec(v));

/** Example 8: OLS via the normal equations, without and with an intercept column. */
export function Example8() {
  const [s, setS] = useState(defaults);
  const checkboxId = useId();
  const outcome = attempt(() => ordinaryLeastSquares({ rows: mat(s.X, 'X') }, vec(s.y, 'y'), { intercept: s.intercept }));
  const cols = s.X[0]?.length ?? 0;
  return (
    <ExampleSection
      id={8}
      title="Ordinary least squares"
      onReset={() => setS(defaults())}
      intro="Each row of X is one observation. Tick the intercept to add a column of ones: here x2 = x1 + 1, so XᵀX becomes singular."
      inputs={
        <>
          <MatrixInput
            name="X"
            legend={<Tex tex="X" />}
            values={s.X}
            onChange={(X) => setS({ ...s, X })}
            rowWord="observation"
            colWord="feature"
            colHeaders={Array.from({ length: cols }, (_, j) => `x${j + 1}`)}
            maxShape={{ rows: 8, cols: 4 }}
          />
          <VectorInput name="y" legend={<Tex tex="\mathbf{y}" />} values={s.y} onChange={(y) => setS({ ...s, y })} />
          <p className="checkbox">
            <input id={checkboxId} type="checkbox" checked={s.intercept} onChange={(e) => setS({ ...s, intercept: e.target.checked })} />
            <label htmlFor={checkboxId}>Include an intercept (a column of ones)</label>
          </p>
        </>
      }
    >
      <TraceView example={8} outcome={outcome} results={[{ name: 'beta', label: 'β', format: beta }]} />
    </ExampleSection>
  );
}
