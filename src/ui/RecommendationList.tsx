import { useId } from 'react';
import type { Explanation, Recommendation } from '../worker/api';
import { itemLabel } from './format';
import { ExplainToggle } from './ExplainToggle';

interface Props {
  name: string;
  items: Recommendation[];
  focused?: number | null;
  onFocus?(item: Recommendation): void;
  /** Fetches the numbers behind an item's score, for its "Explain" control. */
  explain?(item: Recommendation): Promise<Explanation>;
}

/** A ranked list of recommended items with predicted rating and raw score. */
export function RecommendationList({ name, items, focused, onFocus, explain }: Props) {
  const id = useId();
  return (
    <ol aria-label={name} className="items">
      {items.map((r) => (
        <li key={r.item} className={r.item === focused ? 'focused' : undefined}>
          <span className="title" id={`${id}-${r.item}`}>
            {itemLabel(r)}
          </span>
          <span className="num" title="predicted rating, clipped to the rating scale">
            {r.predictedRating.toFixed(2)} ★
          </span>
          <span className="num muted" title="raw score r̂ = μ + b_u + b_i + q_u·p_i">
            r̂ {r.score.toFixed(4)}
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
