import { useEffect, useMemo, useState } from 'react';
import type { DatasetMeta, ItemMatch, ModelSummary, Recommendation } from '../worker/api';
import { errorMessage, useLab } from './labContext';
import { itemLabel } from './format';
import { RecommendationList } from './RecommendationList';

interface Props {
  dataset: DatasetMeta | null;
  model: ModelSummary | null;
  onError(message: string | null): void;
}

/**
 * "You": rate a handful of items and get recommendations at once, by solving your bias and vector
 * with the trained item vectors held fixed. No retraining.
 */
export function YouPanel({ dataset, model, onError }: Props) {
  const lab = useLab();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<ItemMatch[]>([]);
  const [rated, setRated] = useState<{ match: ItemMatch; rating: number }[]>([]);
  const [result, setResult] = useState<{ how: string; recommendations: Recommendation[] } | null>(null);

  useEffect(() => {
    setRated([]);
    setMatches([]);
    setQuery('');
  }, [dataset?.id]);

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
    if (!model?.canFoldIn || ratedPairs.length === 0) {
      setResult(null);
      return;
    }
    let live = true;
    lab
      .foldInRecommend(model.id, ratedPairs, 10)
      .then(
        (r) => live && setResult(r),
        (e: unknown) => live && onError(errorMessage(e)),
      );
    return () => {
      live = false;
    };
  }, [lab, model, ratedPairs, onError]);

  if (!dataset) return null;
  const scale = Array.from({ length: Math.round(dataset.ratingMax - dataset.ratingMin) + 1 }, (_, k) => dataset.ratingMin + k);
  const rate = (match: ItemMatch, rating: number) =>
    setRated((list) => [...list.filter((r) => r.match.item !== match.item), { match, rating }]);

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
              <button type="button" className="link" onClick={() => setRated((l) => l.filter((x) => x !== r))} aria-label={`Remove your rating of ${itemLabel(r.match)}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3>Picks for you</h3>
        {!model && <p>Train a model first; then your ratings are folded into it instantly.</p>}
        {model && !model.canFoldIn && <p>{model.methodName} cannot fold in a new user: train another method for picks.</p>}
        {model?.canFoldIn && rated.length === 0 && <p>Rate a few items to get picks.</p>}
        {model && result && (
          <>
            <RecommendationList
              key={model.id}
              name="Picks for you"
              items={result.recommendations}
              scoreLabel={model.scoreLabel}
              explain={(r) => lab.explainFoldIn(model.id, ratedPairs, r.item)}
            />
            <p className="muted">{result.how}</p>
          </>
        )}
      </div>
    </div>
  );
}
