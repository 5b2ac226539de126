import { useId, useState } from 'react';
import { cosineSimilarity, example5, example6, jaccardSimilarity, pearsonCorrelation, type PearsonForm } from '../../math/formulas';
import { ExampleSection } from './ExampleSection';
import { attempt, fixed4 } from './outcome';
import { toRaw, vec } from './parse';
import { Tex } from './Tex';
import { TraceView } from './TraceView';
import { VectorInput } from './VectorInput';

const defaults5 = () => ({ a: toRaw(example5.a), b: toRaw(example5.b), form: example5.form as PearsonForm });

/** Example 5: cosine and Pearson (population or sample form) of A and B. */
export function Example5() {
  const [s, setS] = useState(defaults5);
  const radioName = useId();
  const cosine = attempt(() => cosineSimilarity(vec(s.a, 'A'), vec(s.b, 'B')));
  const pearson = attempt(() => pearsonCorrelation(vec(s.a, 'A'), vec(s.b, 'B'), s.form));
  return (
    <ExampleSection
      id={5}
      title="Cosine and Pearson of A and B"
      onReset={() => setS(defaults5())}
      inputs={
        <>
          <VectorInput name="A" legend={<Tex tex="A" />} values={s.a} onChange={(a) => setS({ ...s, a })} />
          <VectorInput name="B" legend={<Tex tex="B" />} values={s.b} onChange={(b) => setS({ ...s, b })} />
          <fieldset className="choice">
            <legend>Pearson form</legend>
            {(['population', 'sample'] as const).map((form) => (
              <label key={form}>
                <input type="radio" name={radioName} value={form} checked={s.form === form} onChange={() => setS({ ...s, form })} />
                {form === 'population' ? 'Population (divide by n)' : 'Sample (divide by n − 1)'}
              </label>
            ))}
          </fieldset>
        </>
      }
    >
      <TraceView example={5} title="Cosine similarity" outcome={cosine} results={[{ name: 'cosine', label: 'cos(A, B)', format: fixed4 }]} />
      <TraceView example={5} title="Pearson correlation" outcome={pearson} results={[{ name: 'pearson', label: 'r(A, B)', format: fixed4 }]} />
    </ExampleSection>
  );
}

const defaults6 = () => ({ a: toRaw(example6.a), b: toRaw(example6.b) });

/** Example 6: binary vectors, cosine and Jaccard. */
export function Example6() {
  const [s, setS] = useState(defaults6);
  const cosine = attempt(() => cosineSimilarity(vec(s.a, 'A'), vec(s.b, 'B')));
  const jaccard = attempt(() => jaccardSimilarity(vec(s.a, 'A'), vec(s.b, 'B')));
  return (
    <ExampleSection
      id={6}
      title="Binary vectors: cosine and Jaccard"
      onReset={() => setS(defaults6())}
      intro="1 = the user interacted with the item. Jaccard needs 0/1 entries; cosine takes any numbers."
      inputs={
        <>
          <VectorInput name="A" legend={<Tex tex="A" />} values={s.a} onChange={(a) => setS({ ...s, a })} />
          <VectorInput name="B" legend={<Tex tex="B" />} values={s.b} onChange={(b) => setS({ ...s, b })} />
        </>
      }
    >
      <TraceView example={6} title="Cosine similarity" outcome={cosine} results={[{ name: 'cosine', label: 'cos(A, B)', format: fixed4 }]} />
      <TraceView example={6} title="Jaccard similarity" outcome={jaccard} results={[{ name: 'jaccard', label: 'J(A, B)', format: fixed4 }]} />
    </ExampleSection>
  );
}
