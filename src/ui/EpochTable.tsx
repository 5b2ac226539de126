import type { EpochReport } from '../worker/api';
import { formatBytes } from './format';

/** Every epoch's figures; each cell carries its exact value in data-value for scripts (the benchmark). */
export function EpochTable({ epochs }: { epochs: EpochReport[] }) {
  return (
    <details className="epoch-table">
      <summary>All epochs ({epochs.length})</summary>
      <div className="table-scroll">
        <table aria-label="All epochs">
          <thead>
            <tr>
              <th scope="col">Epoch</th>
              <th scope="col">{epochs[0]?.lossLabel ?? 'Train MSE'}</th>
              <th scope="col">Val. RMSE</th>
              <th scope="col">Val. MAE</th>
              <th scope="col">Time (ms)</th>
              <th scope="col">Ratings/s</th>
              <th scope="col">Backend</th>
              <th scope="col">Tensors</th>
              <th scope="col">Tensor memory</th>
            </tr>
          </thead>
          <tbody>
            {epochs.map((e) => (
              <tr key={e.epoch}>
                <td data-value={e.epoch}>{e.epoch}</td>
                <td data-value={e.trainLoss}>{e.trainLoss.toFixed(4)}</td>
                <td data-value={e.valRmse}>{Number.isFinite(e.valRmse) ? e.valRmse.toFixed(4) : '—'}</td>
                <td data-value={e.valMae}>{Number.isFinite(e.valMae) ? e.valMae.toFixed(4) : '—'}</td>
                <td data-value={e.epochMs}>{Math.round(e.epochMs)}</td>
                <td data-value={e.ratingsPerSec}>{Math.round(e.ratingsPerSec)}</td>
                <td>{e.backend}</td>
                <td data-value={e.tensors}>{e.tensors}</td>
                <td data-value={e.bytes}>{formatBytes(e.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
