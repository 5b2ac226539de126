import { useState } from 'react';
import type { DatasetMeta } from '../worker/api';
import { errorMessage, useLab } from './labContext';
import { formatPercent } from './format';
import { forgetStoredReport } from './simulate/storedReport';
import { persistenceNote } from './storagePersistence';

interface Props {
  datasets: DatasetMeta[];
  selected: DatasetMeta | null;
  /** Whether the browser's storage for the lab is persistent (null: unknown). */
  persistent: boolean | null;
  onSelect(id: string): Promise<void>;
  onDeleted(id: string): Promise<void>;
  onError(message: string | null): void;
}

/** Stored datasets (and the built-in demo) with their counts; select one, or delete it. */
export function DatasetPanel({ datasets, selected, persistent, onSelect, onDeleted, onError }: Props) {
  const lab = useLab();
  const [busy, setBusy] = useState(false);

  const remove = async (d: DatasetMeta) => {
    if (!window.confirm(`Delete the dataset "${d.name}" from this browser?`)) return;
    setBusy(true);
    try {
      await lab.deleteDataset(d.id);
      forgetStoredReport(d.id);
      await onDeleted(d.id);
    } catch (e) {
      onError(`Could not delete: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <h3 id="datasets-heading">Datasets</h3>
      <ul aria-labelledby="datasets-heading" className="dataset-list">
        {datasets.map((d) => (
          <li key={d.id} className={d.id === selected?.id ? 'selected' : undefined}>
            <label className="dataset-choice">
              <input
                type="radio"
                name="dataset"
                checked={d.id === selected?.id}
                onChange={() => void onSelect(d.id)}
                disabled={busy}
              />
              <span className="dataset-name">{d.name}</span>
            </label>
            <span className="dataset-counts">
              {d.users} users · {d.items} items · {d.ratings} ratings · scale {d.ratingMin}–{d.ratingMax}
              {d.implicit ? ' (implicit)' : ''} · sparsity {formatPercent(d.sparsity)}
            </span>
            {!d.builtIn && (
              <button type="button" className="link" onClick={() => void remove(d)} disabled={busy} aria-label={`Delete dataset ${d.name}`}>
                Delete
              </button>
            )}
          </li>
        ))}
      </ul>
      {selected && (
        <p className="summary" aria-label="Selected dataset">
          Selected: <strong>{selected.name}</strong>: <span>{selected.users} users</span>, <span>{selected.items} items</span>,{' '}
          <span>{selected.ratings} ratings</span>
        </p>
      )}
      <p className="hint" aria-label="Storage persistence">
        {persistenceNote(persistent)}
      </p>
    </div>
  );
}
