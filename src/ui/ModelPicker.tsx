import type { ModelSummary } from '../worker/api';
import { formatBytes } from './format';
import type { ModelEntry } from './modelEntries';

interface Props {
  models: ModelEntry[];
  activeId: string | null;
  onChoose(id: string): void;
  onDelete(id: string): void;
  /** The model being deleted (its button is disabled meanwhile). */
  deleting: string | null;
}

/** A short name for a fitted model: method, backend and (for iterative methods) epochs. */
export function modelLabel(m: ModelSummary): string {
  const epochs = m.epochs > 0 ? `, ${m.epochs} epochs` : '';
  return `${m.methodName} (${m.backend}${epochs}, ${(m.fitMs / 1000).toFixed(2)} s)`;
}

/**
 * Which of the trained models the recommendations, similar items and "You" use, and the list of
 * them: those stored in this browser (they survive a reload) are marked, and each can be deleted.
 */
export function ModelPicker({ models, activeId, onChoose, onDelete, deleting }: Props) {
  if (models.length === 0) return null;
  return (
    <div className="models">
      <div className="model-picker">
        <label htmlFor="model-picker">Model</label>
        <select id="model-picker" value={activeId ?? ''} onChange={(e) => onChoose(e.target.value)}>
          {models.map((m) => (
            <option key={m.summary.id} value={m.summary.id}>
              {modelLabel(m.summary)}
              {m.stored ? ' · stored' : ''}
            </option>
          ))}
        </select>
      </div>
      <ul aria-label="Trained models" className="model-list">
          {models.map((m) => {
            const label = modelLabel(m.summary);
            return (
              <li key={m.summary.id} aria-current={m.summary.id === activeId ? 'true' : undefined}>
                <span className="title">{label}</span>{' '}
                <span className="muted">{m.stored && m.bytes !== null ? `stored in this browser, ${formatBytes(m.bytes)}` : 'this session only'}</span>{' '}
                <button type="button" onClick={() => onDelete(m.summary.id)} disabled={deleting === m.summary.id} aria-label={`Delete the model ${label}`}>
                  Delete
                </button>
              </li>
            );
          })}
      </ul>
    </div>
  );
}
