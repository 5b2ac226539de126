import { useEffect, useId, useMemo, useState } from 'react';
import type { DatasetMeta, ItemMatch, ModelSummary, YouAnswer } from '../worker/api';
import { errorMessage, useLab } from './labContext';
import { itemLabel } from './format';
import { RecommendationList } from './RecommendationList';

interface Props {
  dataset: DatasetMeta | null;
  model: ModelSummary | null;
  onError(message: string | null): void;
}

/** Your ratings, and the dataset they belong to (so a switch of dataset never sends stale items). */
interface RatedState {
  datasetId: string | null;
  list: { match: ItemMatch; rating: number }[];
}

/**
 * "You": rate a handful of items and get picks at once, with no retraining. Who answers depends on
 * how many you have rated: popularity with none, the content of what you rated with a few, and the
 * trained model (your ratings folded in) from a threshold on. The panel says which one answers and
 * why, in a live region, and lists the whole cascade with the current step marked.
 */
export function YouPanel({ dataset, model, onError }: Props) {
  const lab = useLab();
  const id = useId();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<ItemMatch[]>([]);
  const [ratedState, setRatedState] = useState<RatedState>({ datasetId: null, list: [] });
  const [answer, setAnswer] = useState<YouAnswer | null>(null);
  const datasetId = dataset?.id ?? null;
  const rated = useMemo(() => (ratedState.datasetId === datasetId ? ratedState.list : []), [ratedState, datasetId]);
  /** The model in use, when it belongs to the shown dataset. */
  const modelId = model !== null && model.datasetId === datasetId ? model.id : null;

  useEffect(() => {
    setMatches([]);
    setQuery('');
    setAnswer(null);
  }, [datasetId]);

  useEffect(() => {
    if (!dataset) return;
    let live = true;
    const t = setTimeout(() => {
      lab.searchItems(query, 8).then(
        (m) => live && setMatches(m),
        (e: unknown) => live && onError(errorMessage(e)),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [lab, dataset, query, onError]);

  /** Your ratings as the worker takes them: (item index, rating). */
  const ratedPairs = useMemo(() => rated.map((r) => ({ item: r.match.item, rating: r.rating })), [rated]);

  useEffect(() => {
    if (datasetId === null) return;
    let live = true;
    lab.recommendForYou(modelId, ratedPairs, 10).then(
      (a) => live && setAnswer(a),
      (e: unknown) => live && onError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [lab, datasetId, modelId, ratedPairs, onError]);

  if (!dataset) return null;
  const scale = Array.from({ length: Math.round(dataset.ratingMax - dataset.ratingMin) + 1 }, (_, k) => dataset.ratingMin + k);
  const setList = (update: (list: RatedState['list']) => RatedState['list']) => setRatedState({ datasetId, list: update(rated) });
  const rate = (match: ItemMatch, rating: number) => setList((list) => [...list.filter((r) => r.match.item !== match.item), { match, rating }]);
  const notes = answer?.recommendations.filter((r) => r.note !== null) ?? [];

  return (
    <div className="you columns">
      <div>
        <label>
          Search titles <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. star" />
        </label>
        <ul aria-label="Search results" className="items">
          {matches.map((m) => (
            <li key={m.item}>
              <span className="title">{itemLabel(m)}</span>
              <select
                aria-label={`Your rating for ${itemLabel(m)}`}
                value={rated.find((r) => r.match.item === m.item)?.rating ?? ''}
                onChange={(e) => rate(m, Number(e.target.value))}
              >
                <option value="">rate…</option>
                {scale.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
        <h3>Your ratings</h3>
        <ul aria-label="Your ratings" className="items">
          {rated.map((r) => (
            <li key={r.match.item}>
              <span className="title">{itemLabel(r.match)}</span> <span className="num">{r.rating}</span>
              <button type="button" className="link" onClick={() => setList((l) => l.filter((x) => x !== r))} aria-label={`Remove your rating of ${itemLabel(r.match)}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3 id={`${id}-picks`}>Picks for you</h3>
        {/* A live region (not role="status": the page has one status bar): read out whenever who answers changes. */}
        <div aria-live="polite" aria-atomic="true" data-testid="you-answering">
          {answer && (
            <p>
              <strong>Answering: {answer.answering}.</strong> {answer.why}
            </p>
          )}
        </div>
        {answer && (
          <ol aria-label="Who answers as you rate" className="you-stages">
            {answer.stages.map((s) => (
              <li key={s.stage} aria-current={s.stage === answer.stage ? 'step' : undefined} className={s.available ? undefined : 'muted'}>
                {s.stage === answer.stage ? <strong>{s.label}</strong> : s.label} ({s.available ? s.when : `skipped: ${s.reason ?? 'not available'}`})
                {s.stage === answer.stage && ' ← answering now'}
              </li>
            ))}
          </ol>
        )}
        {answer && (
          <>
            <RecommendationList
              key={`${answer.stage}-${modelId ?? 'none'}`}
              name="Picks for you"
              items={answer.recommendations}
              scoreLabel={answer.scoreLabel}
              explain={(r) => lab.explainForYou(modelId, ratedPairs, r.item)}
            />
            {notes.length > 0 && (
              <ul aria-label="New items in your picks" className="muted">
                {notes.map((r) => (
                  <li key={r.item}>
                    {itemLabel(r)}: {r.note}
                  </li>
                ))}
              </ul>
            )}
            <p className="muted">{answer.how}</p>
          </>
        )}
      </div>
    </div>
  );
}
