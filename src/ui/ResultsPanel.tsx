import { useEffect, useState } from 'react';
import type { DatasetMeta, ModelSummary, Recommendation, SimilarItemsResult } from '../worker/api';
import { errorMessage, useLab } from './labContext';
import { itemLabel } from './format';
import { RecommendationList } from './RecommendationList';
import { ExplainToggle } from './ExplainToggle';

interface Props {
  dataset: DatasetMeta | null;
  model: ModelSummary | null;
  onError(message: string | null): void;
}

const TOP_N = 10;

/** Top-N recommendations for a chosen user, and the items most similar to a chosen item. */
export function ResultsPanel({ dataset, model, onError }: Props) {
  const lab = useLab();
  const [userId, setUserId] = useState('');
  const [user, setUser] = useState<number>(0);
  // the list with the model and user it was computed for: a list is shown only under its own model
  // and user, never a previous one's (its Explain would ask this model about items it did not rank)
  const [listed, setListed] = useState<{ key: string; recs: Recommendation[] }>({ key: '', recs: [] });
  const [focus, setFocus] = useState<Recommendation | null>(null);
  const [similar, setSimilar] = useState<SimilarItemsResult | null>(null);

  useEffect(() => {
    setUser(0);
    setUserId('');
  }, [dataset?.id]);

  useEffect(() => {
    setFocus(null);
    if (!model) return;
    let live = true;
    lab.recommend(model.id, user, TOP_N).then(
      (list) => {
        if (!live) return;
        setListed({ key: `${model.id}:${user}`, recs: list });
        setFocus(list[0] ?? null);
      },
      (e: unknown) => live && onError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [lab, model, user, onError]);

  useEffect(() => {
    if (!model?.similarity || !focus) {
      setSimilar(null);
      return;
    }
    let live = true;
    lab.similarItems(model.id, focus.item, TOP_N).then(
      (list) => live && setSimilar(list),
      (e: unknown) => live && onError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [lab, model, focus, onError]);

  const chooseUser = async () => {
    const found = await lab.findUser(userId.trim());
    if (found === null) onError(`No user with id "${userId.trim()}" in this dataset.`);
    else {
      onError(null);
      setUser(found);
    }
  };

  if (!dataset) return <p>Select a dataset first.</p>;
  if (!model) return <p>Train a model to see recommendations.</p>;
  const similarity = model.similarity;
  const recs = listed.key === `${model.id}:${user}` ? listed.recs : [];
  return (
    // keyed by model: an open explanation belongs to the model that produced it
    <div className="results" key={model.id}>
      <form
        className="controls"
        onSubmit={(e) => {
          e.preventDefault();
          void chooseUser();
        }}
      >
        <label>
          User id <input value={userId} onChange={(e) => setUserId(e.target.value)} placeholder="e.g. 1" />
        </label>
        <button type="submit">Show user</button>
        <span>
          Showing user #{user + 1} of {dataset.users}
        </span>
      </form>
      <div className="columns">
        <div>
          <h3 id="recs-heading">Top {TOP_N} for this user</h3>
          <RecommendationList
            name="Recommendations"
            items={recs}
            scoreLabel={model.scoreLabel}
            onFocus={model.similarity ? setFocus : undefined}
            focused={model.similarity ? (focus?.item ?? null) : null}
            explain={(r) => lab.explainScore(model.id, user, r.item)}
          />
        </div>
        {similarity ? (
          <div>
            <h3>Similar to {focus ? itemLabel(focus) : '…'}</h3>
          <ol aria-label="Similar items" className="items">
            {similar?.items.map((s) => (
              <li key={s.item}>
                <span className="title" id={`similar-${s.item}`}>
                  {itemLabel(s)}
                </span>
                <span className="num" title={similarity.description}>
                  {similarity.symbol} {s.similarity.toFixed(4)}
                </span>
                {focus && (
                  <ExplainToggle load={() => lab.explainSimilarity(model.id, focus.item, s.item)} shown={s.similarity} describedBy={`similar-${s.item}`} />
                )}
              </li>
            ))}
          </ol>
          {similar && (
            <p className="muted" data-testid="similar-timing" data-ms={similar.ms} data-backend={similar.backend}>
              {similarity.description} against all {similar.catalogue} items on {similar.backend} in {similar.ms.toFixed(0)} ms (never an n×n matrix).
            </p>
          )}
        </div>
        ) : (
          <p className="muted">{model.methodName} has no item–item similarity to list similar items by.</p>
        )}
      </div>
    </div>
  );
}
