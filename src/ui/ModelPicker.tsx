import type { ModelSummary } from '../worker/api';

interface Props {
  models: ModelSummary[];
  activeId: string | null;
  onChoose(id: string): void;
}

/** A short name for a fitted model: method, backend and (for iterative methods) epochs. */
export function modelLabel(m: ModelSummary): string {
  const epochs = m.epochs > 0 ? `, ${m.epochs} epochs` : '';
  return `${m.methodName} (${m.backend}${epochs}, ${(m.fitMs / 1000).toFixed(2)} s)`;
}

/** Which of the fitted models the recommendations, similar items and "You" use. */
export function ModelPicker({ models, activeId, onChoose }: Props) {
  if (models.length === 0) return null;
  return (
    <div className="model-picker">
      <label htmlFor="model-picker">Model</label>
      <select id="model-picker" value={activeId ?? ''} onChange={(e) => onChoose(e.target.value)}>
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {modelLabel(m)}
          </option>
        ))}
      </select>
    </div>
  );
}
