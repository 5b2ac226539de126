import type { SplitInfo } from '../../worker/api';
import './evaluate.css';

/** One line on what a split did with the data. Counts stay plain numbers, as elsewhere in the lab. */
export function splitSummaryText(split: SplitInfo): string {
  const s = split.summary;
  const parts = [`${s.trainRatings} train`, `${s.testRatings} test ratings`, `${s.testUsers} test users`];
  if (s.coldUsers !== undefined || s.coldItems !== undefined) {
    parts.push(`cold (no training ratings): ${s.coldUsers ?? 0} users, ${s.coldItems ?? 0} items`);
  } else if (split.settings.protocol === 'predefined') {
    parts.push(`not in train: ${s.unknownUsers} users, ${s.unknownItems} items (${s.unknownRows} test rows not scored)`);
  } else if (s.usersKeptInTrain > 0) {
    parts.push(`${s.usersKeptInTrain} ${split.settings.protocol === 'msr' ? 'items' : 'users'} kept wholly in train`);
  }
  return parts.join(' · ');
}

/** The props of SplitList. */
export interface SplitListProps {
  /** The selected dataset's splits. */
  splits: readonly SplitInfo[];
  selectedId: string | null;
  onSelect(id: string): void;
  onDelete(id: string): void;
  /** Disables every control. */
  disabled: boolean;
  /** Prefix of the element ids (unique per form). */
  idPrefix: string;
}

/** The dataset's splits as radio buttons (select one) with a delete button each, and a one-line summary. */
export function SplitList({ splits, selectedId, onSelect, onDelete, disabled, idPrefix: id }: SplitListProps) {
  return (
    <>
      <h3 id={`${id}-list`}>Splits of this dataset</h3>
      {splits.length === 0 ? (
        <p className="muted">No splits yet: create one above.</p>
      ) : (
        <ul className="split-list" aria-labelledby={`${id}-list`}>
          {splits.map((s) => {
            const radioId = `${id}-split-${s.id}`;
            const summary = splitSummaryText(s);
            return (
              <li key={s.id} className={s.id === selectedId ? 'selected' : undefined} data-split={s.id}>
                <input
                  type="radio"
                  id={radioId}
                  name={`${id}-split`}
                  checked={s.id === selectedId}
                  disabled={disabled}
                  aria-describedby={`${radioId}-summary`}
                  onChange={() => onSelect(s.id)}
                />
                <div className="split-text">
                  <label htmlFor={radioId} className="split-name" title={s.name}>
                    {s.name}
                  </label>
                  <small id={`${radioId}-summary`} className="split-summary" title={summary}>
                    {summary}
                  </small>
                </div>
                <button type="button" className="ev-small" disabled={disabled} aria-label={`Delete split ${s.name}`} onClick={() => onDelete(s.id)}>
                  Delete
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
