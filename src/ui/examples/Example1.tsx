import { useState } from 'react';
import {
  meanCentredPrediction,
  neighboursFromRatings,
  userBasedPrediction,
  type Neighbour,
  type RatingsMatrix,
  type Traced,
} from '../../math/formulas';
import { example1Defaults, meansStep, userMean, type Example1State } from './example1Data';
import { ExampleSection } from './ExampleSection';
import { NumberField } from './NumberField';
import { after, attempt, fixed4 } from './outcome';
import { num, ratings as parseRatings } from './parse';
import { RatingsTableInput } from './RatingsTableInput';
import { SelectField } from './SelectField';
import { TraceView } from './TraceView';

const similarities = (v: Neighbour[]) => v.map((n) => `${n.id ?? '?'}: ${fixed4(n.similarity)}`).join(', ');

/** Mean-centred prediction with the means computed from the table (shown as the first step). */
function centredPrediction(rows: RatingsMatrix, s: Example1State, n: Neighbour[]): Traced<number> {
  const own = userMean(s.users[s.user] ?? '?', rows[s.user] ?? [], s.item);
  const means = n.map((x) => userMean(x.id ?? '?', rows[s.users.indexOf(x.id ?? '')] ?? []));
  const t = meanCentredPrediction({ mean: own.mean, neighbours: n.map((x, i) => ({ ...x, mean: means[i]!.mean })), k: num(s.k, 'k') });
  return { ...t, steps: [meansStep([own, ...means]), ...t.steps] };
}

/** Example 1: cosine similarities from a ratings table, then the user-based k-NN prediction (plain and mean-centred). */
export function Example1() {
  const [s, setS] = useState<Example1State>(example1Defaults);
  const update = (patch: Partial<Example1State>) => setS((prev) => ({ ...prev, ...patch }));
  const target = s.users[s.user] ?? '?';
  const targetItem = s.items[s.item] ?? '?';

  const rows = () => parseRatings(s.ratings, s.users, s.items);
  const nb = attempt(() => neighboursFromRatings({ ratings: rows(), user: s.user, item: s.item, names: s.users }));
  const prediction = after(nb, (n) => userBasedPrediction(n, num(s.k, 'k')), 'the similarities');
  const centred = after(nb, (n) => centredPrediction(rows(), s, n), 'the similarities');
  const alreadyRated = s.ratings[s.user]?.[s.item]?.trim();

  return (
    <ExampleSection
      id={1}
      title="Three users: cosine similarities and a weighted-average prediction"
      onReset={() => setS(example1Defaults())}
      intro={
        <>
          The lesson’s Alice and Bob plus a third user, Carol, so that with k = 2 the prediction is a real weighted average. Similarities are
          computed from the table on the items both users rated.
        </>
      }
      inputs={
        <>
          <RatingsTableInput users={s.users} items={s.items} values={s.ratings} onChange={(ratings) => update({ ratings })} target={{ user: s.user, item: s.item }} />
          <div className="controls">
            <SelectField label="Predict for user" value={s.user} options={s.users} onChange={(user) => update({ user })} />
            <SelectField label="Item to predict" value={s.item} options={s.items} onChange={(item) => update({ item })} />
            <NumberField label="k (number of neighbours)" visible="k (neighbours)" value={s.k} onChange={(kk) => update({ k: kk })} />
          </div>
          {alreadyRated !== undefined && alreadyRated !== '' && (
            <p className="hint">
              {target} already rated {targetItem} ({alreadyRated}); the prediction ignores that rating.
            </p>
          )}
        </>
      }
    >
      <TraceView example={1} title="Similarities from the ratings" outcome={nb} results={[{ name: 'similarities', label: 'Similarities', format: similarities }]} />
      <TraceView
        example={1}
        title={`Prediction of ${target}’s rating of ${targetItem}`}
        outcome={prediction}
        results={[{ name: 'prediction', label: 'Predicted rating', format: fixed4 }]}
      />
      <TraceView
        example={1}
        title="Mean-centred variant"
        outcome={centred}
        results={[{ name: 'centred', label: 'Predicted rating (mean-centred)', format: fixed4 }]}
      />
    </ExampleSection>
  );
}
