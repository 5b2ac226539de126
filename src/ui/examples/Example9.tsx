import { useState } from 'react';
import { dotProductPrediction, example9, type DotProductPredictionValue } from '../../math/formulas';
import { ExampleSection } from './ExampleSection';
import { MatrixInput } from './MatrixInput';
import { SelectField } from './SelectField';
import { attempt, fixed4 } from './outcome';
import { mat, toRawGrid } from './parse';
import { Tex } from './Tex';
import { TraceView } from './TraceView';

const defaults = () => ({ R: toRawGrid(example9.R), U: toRawGrid(example9.U), V: toRawGrid(example9.V), user: example9.user, item: example9.item });

type V = DotProductPredictionValue;

/** Example 9: a 10×10 binary matrix R ≈ U·V; the prediction for one (user, item) and its squared error. */
export function Example9() {
  const [s, setS] = useState(defaults);
  const outcome = attempt(() => dotProductPrediction({ R: mat(s.R, 'R'), U: mat(s.U, 'U'), V: mat(s.V, 'V'), user: s.user, item: s.item }));
  const pick = (key: 'user' | 'item', count: number) => (
    <SelectField label={key === 'user' ? 'User' : 'Item'} value={s[key]} options={Array.from({ length: count }, (_, i) => String(i + 1))} onChange={(v) => setS({ ...s, [key]: v })} />
  );
  return (
    <ExampleSection
      id={9}
      title="10×10 binary matrix: dot-product prediction and loss"
      onReset={() => setS(defaults())}
      intro="Users 1–5 mostly use items 1–5, users 6–10 items 6–10. A rank-2 factorisation scores every cell; a high score on a 0 cell (user 1, item 4) is a recommendation."
      inputs={
        <>
          <div className="controls">
            {pick('user', s.R.length)}
            {pick('item', s.R[0]?.length ?? 0)}
          </div>
          <MatrixInput name="R" legend={<Tex tex="R\ (1 = \text{interacted})" />} values={s.R} onChange={(R) => setS({ ...s, R })} rowWord="user" colWord="item" />
          <div className="matrix-pair">
            <MatrixInput name="U" legend={<Tex tex="U\ (\text{users} \times k)" />} values={s.U} onChange={(U) => setS({ ...s, U })} rowWord="user" colWord="factor" />
            <MatrixInput name="V" legend={<Tex tex="V\ (k \times \text{items})" />} values={s.V} onChange={(V) => setS({ ...s, V })} rowWord="factor" colWord="item" />
          </div>
        </>
      }
    >
      <TraceView<V>
        example={9}
        outcome={outcome}
        results={[
          { name: 'prediction', label: 'Prediction', format: (v) => fixed4(v.prediction) },
          { name: 'target', label: 'Observed R', format: (v) => String(v.target) },
          { name: 'loss', label: 'Squared error', format: (v) => fixed4(v.squaredError) },
        ]}
      />
    </ExampleSection>
  );
}
