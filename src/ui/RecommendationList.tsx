import { useId } from 'react';
import type { Explanation, Recommendation } from '../worker/api';
import { itemLabel } from './format';
import { ExplainToggle } from './ExplainToggle';

interface Props {
  name: string;
  items: Recommendation[];
  /** How the raw score is labelled: 'r̂' for rating predictions, 'score' otherwise. */
  scoreLabel: string;
  focused?: number | null;
  onFocus?(item: Recommendation): void;
  /** Fetches the numbers behind an item's score, for its "Explain" control. */
  explain?(item: Recommendation): Promise<Explanation>;
}

/** A ranked list of recommended items with the predicted rating (for rating predictors) and raw score. */
export function RecommendationList({ name, items, scoreLabel, focused, onFocus, explain }: Props) {
  const id = useId();
  return (
    <ol aria-label={name} className="items">
      {items.map((r) => (
        <li key={r.item} className={r.item === focused ? 'focused' : undefined}>
          <span className="title" id={`${id}-${r.item}`}>
            {itemLabel(r)}
          </span>
          {r.predictedRating !== null && (
            <span className="num" title="predicted rating, clipped to the rating scale">
              {r.predictedRating.toFixed(2)} ★
            </span>
          )}
          <span className="num muted" title="the method's raw score">
            {scoreLabel} {Number.isInteger(r.score) ? r.score : r.score.toFixed(4)}
          </span>
          {explain && <ExplainToggle load={() => explain(r)} shown={r.score} describedBy={`${id}-${r.item}`} />}
          {onFocus && (
            <button type="button" className="link" aria-describedby={`${id}-${r.item}`} onClick={() => onFocus(r)}>
              Similar
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
