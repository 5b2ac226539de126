import { useState } from 'react';
import { biasedMfPrediction, example7, halfSumSquaredError, meanSquaredError } from '../../math/formulas';
import { ExampleSection } from './ExampleSection';
import { NumberField } from './NumberField';
import { after, attempt, fixed4 } from './outcome';
import { num, toRaw, vec } from './parse';
import { Tex } from './Tex';
import { TraceView } from './TraceView';
import { VectorInput } from './VectorInput';

const defaults = () => ({
  mu: String(example7.mu),
  bu: String(example7.bu),
  bi: String(example7.bi),
  q: toRaw(example7.q),
  p: toRaw(example7.p),
  rating: String(example7.rating),
});

/** Example 7: biased MF prediction, then its squared error and ½ squared error against the true rating. */
export function Example7() {
  const [s, setS] = useState(defaults);
  const prediction = attempt(() =>
    biasedMfPrediction({ mu: num(s.mu, 'μ'), bu: num(s.bu, 'b_u'), bi: num(s.bi, 'b_i'), q: vec(s.q, 'q_u'), p: vec(s.p, 'p_i') }),
  );
  const loss = after(prediction, (pred) => meanSquaredError(pred, num(s.rating, 'true rating')), 'the prediction');
  const half = after(prediction, (pred) => halfSumSquaredError(pred, num(s.rating, 'true rating')), 'the prediction');
  const scalar = (key: 'mu' | 'bu' | 'bi' | 'rating', label: string, tex: string) => (
    <NumberField label={label} visible={<Tex tex={tex} />} value={s[key]} onChange={(v) => setS({ ...s, [key]: v })} />
  );
  return (
    <ExampleSection
      id={7}
      title="Biased MF prediction and loss"
      onReset={() => setS(defaults())}
      intro="Global mean plus user and item biases plus the dot product of the factor vectors; then the error against the true rating in both common conventions."
      inputs={
        <>
          <div className="controls">
            {scalar('mu', 'μ (global mean)', '\\mu')}
            {scalar('bu', 'b_u (user bias)', 'b_u')}
            {scalar('bi', 'b_i (item bias)', 'b_i')}
            {scalar('rating', 'r (true rating)', 'r_{ui}')}
          </div>
          <VectorInput name="q_u" legend={<Tex tex="\mathbf{q}_u" />} values={s.q} onChange={(q) => setS({ ...s, q })} />
          <VectorInput name="p_i" legend={<Tex tex="\mathbf{p}_i" />} values={s.p} onChange={(p) => setS({ ...s, p })} />
        </>
      }
    >
      <TraceView example={7} title="Prediction" outcome={prediction} results={[{ name: 'prediction', label: 'Predicted rating', format: fixed4 }]} />
      <TraceView example={7} title="Squared error" outcome={loss} results={[{ name: 'loss', label: 'Squared error', format: fixed4 }]} />
      <TraceView example={7} title="½ squared error" outcome={half} results={[{ name: 'loss-half', label: '½ squared error', format: fixed4 }]} />
    </ExampleSection>
  );
}
