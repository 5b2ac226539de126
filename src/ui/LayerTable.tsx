import { describeNeuralLayers } from '../recommenders/neural/layers';
import type { ParamValues } from '../worker/api';

/**
 * The network a neural method's settings build for the dataset, bottom to top: each layer with its
 * shape and parameter count, recomputed as the settings change (before anything is trained).
 */
export function LayerTable({ params, users, items }: { params: ParamValues; users: number; items: number }) {
  const layers = describeNeuralLayers(params, users, items);
  const total = layers.reduce((sum, l) => sum + l.params, 0);
  return (
    <div className="table-scroll">
      <table className="layer-table" aria-label="Network layers">
        <caption>
          The network for {users.toLocaleString('en')} users × {items.toLocaleString('en')} items: {total.toLocaleString('en')} parameters
        </caption>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Shape</th>
            <th scope="col">Parameters</th>
          </tr>
        </thead>
        <tbody>
          {layers.map((l, i) => (
            <tr key={i}>
              <td>{l.name}</td>
              <td>{l.shape}</td>
              <td data-value={l.params}>{l.params.toLocaleString('en')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
