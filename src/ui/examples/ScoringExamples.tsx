import { useState } from 'react';
import { contentBasedScore, example2, example3, example4, neuralScore, neuronOutput } from '../../math/formulas';
import { ExampleSection } from './ExampleSection';
import { MatrixInput } from './MatrixInput';
import { NumberField } from './NumberField';
import { attempt, fixed4 } from './outcome';
import { mat, num, toRaw, toRawGrid, vec } from './parse';
import { Tex } from './Tex';
import { TraceView } from './TraceView';
import { VectorInput } from './VectorInput';

const defaults2 = () => ({ wu: toRaw(example2.wu), fi: toRaw(example2.fi) });

/** Example 2: content-based score w_u · f_i. */
export function Example2() {
  const [s, setS] = useState(defaults2);
  const outcome = attempt(() => contentBasedScore(vec(s.wu, 'w_u'), vec(s.fi, 'f_i')));
  return (
    <ExampleSection
      id={2}
      title="Content-based score"
      onReset={() => setS(defaults2())}
      intro="The user’s taste weights times the item’s features, summed."
      inputs={
        <>
          <VectorInput name="w_u" legend={<Tex tex="\mathbf{w}_u" />} values={s.wu} onChange={(wu) => setS({ ...s, wu })} />
          <VectorInput name="f_i" legend={<Tex tex="\mathbf{f}_i" />} values={s.fi} onChange={(fi) => setS({ ...s, fi })} />
        </>
      }
    >
      <TraceView example={2} outcome={outcome} results={[{ name: 'score', label: 'Score', format: fixed4 }]} />
    </ExampleSection>
  );
}

const defaults3 = () => ({ hu: toRaw(example3.hu), hi: toRaw(example3.hi), W: toRawGrid(example3.W), b: String(example3.b) });

/** Example 3: neural scorer σ(W·[h_u; h_i] + b); W's shape is selectable, so a wrong shape shows its error. */
export function Example3() {
  const [s, setS] = useState(defaults3);
  const outcome = attempt(() => neuralScore({ hu: vec(s.hu, 'h_u'), hi: vec(s.hi, 'h_i'), W: mat(s.W, 'W'), b: num(s.b, 'b') }));
  return (
    <ExampleSection
      id={3}
      title="Neural scorer with a 1×6 weight"
      onReset={() => setS(defaults3())}
      intro="The user and item embeddings are concatenated into one 6-vector; one score needs a 1×6 weight. Change W’s shape to see why 3×3 does not work."
      inputs={
        <>
          <VectorInput name="h_u" legend={<Tex tex="\mathbf{h}_u" />} values={s.hu} onChange={(hu) => setS({ ...s, hu })} />
          <VectorInput name="h_i" legend={<Tex tex="\mathbf{h}_i" />} values={s.hi} onChange={(hi) => setS({ ...s, hi })} />
          <MatrixInput name="W" legend={<Tex tex="W" />} values={s.W} onChange={(W) => setS({ ...s, W })} maxShape={{ rows: 6, cols: 8 }} />
          <NumberField label="b (bias)" visible={<Tex tex="b" />} value={s.b} onChange={(b) => setS({ ...s, b })} />
        </>
      }
    >
      <TraceView example={3} outcome={outcome} results={[{ name: 'score', label: 'Score', format: fixed4 }]} />
    </ExampleSection>
  );
}

const defaults4 = () => ({ u: toRaw(example4.u), W: toRaw(example4.W), b: String(example4.b) });

/** Example 4: a single neuron σ(Σ W_k u_k + b) — the σ(1.6) trap. */
export function Example4() {
  const [s, setS] = useState(defaults4);
  const outcome = attempt(() => neuronOutput({ u: vec(s.u, 'u'), W: vec(s.W, 'W'), b: num(s.b, 'b') }));
  return (
    <ExampleSection
      id={4}
      title="A single neuron σ(Σ W_k u_k + b)"
      onReset={() => setS(defaults4())}
      inputs={
        <>
          <VectorInput name="u" legend={<Tex tex="\mathbf{u}" />} values={s.u} onChange={(u) => setS({ ...s, u })} />
          <VectorInput name="W" legend={<Tex tex="W" />} values={s.W} onChange={(W) => setS({ ...s, W })} />
          <NumberField label="b (bias)" visible={<Tex tex="b" />} value={s.b} onChange={(b) => setS({ ...s, b })} />
        </>
      }
    >
      <TraceView example={4} outcome={outcome} results={[{ name: 'sigma', label: 'Output y', format: fixed4 }]} />
    </ExampleSection>
  );
}
