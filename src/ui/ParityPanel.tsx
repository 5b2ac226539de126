import { useState } from 'react';
import type { ParityRow } from '../worker/api';
import { errorMessage, useLab } from './labContext';
import { newJobId } from '../worker/client';

const STEPS = 10;
/** WebGL may run with less precise arithmetic; WebGPU and the CPU trainer should agree to float32 noise. */
export const PARITY_TOLERANCE = { webgpu: 1e-4, webgl: 2e-2, cpu: 0 } as const;

/**
 * Trains the same model, from the same seed and data, for a few steps on every backend this browser
 * has, and shows how far each backend's losses are from the CPU trainer's.
 */
export function ParityPanel({ onError }: { onError(message: string | null): void }) {
  const lab = useLab();
  const [rows, setRows] = useState<ParityRow[] | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const running = jobId !== null;

  const run = async () => {
    const id = newJobId('parity');
    setJobId(id);
    setRows(null);
    onError(null);
    try {
      setRows(await lab.compareBackends(id, STEPS));
    } catch (e) {
      onError(`Backend comparison failed: ${errorMessage(e)}`);
    } finally {
      setJobId(null);
    }
  };

  const cpu = rows?.find((r) => r.backend === 'cpu');
  return (
    <div className="parity">
      <p>
        Same seed, same demo data, {STEPS} training steps on each backend. The CPU trainer is the reference: WebGPU should match it
        within a relative {PARITY_TOLERANCE.webgpu}, WebGL within {PARITY_TOLERANCE.webgl} (it may compute in lower precision).
      </p>
      <div className="actions">
        <button type="button" onClick={() => void run()} disabled={running}>
          {running ? 'Comparing…' : 'Compare backends'}
        </button>
        {running && (
          <button type="button" onClick={() => jobId && void lab.cancel(jobId)}>
            Cancel comparison
          </button>
        )}
      </div>
      {rows && (
        <table aria-label="Backend parity">
          <thead>
            <tr>
              <th scope="col">Backend</th>
              <th scope="col">Loss after step 1</th>
              <th scope="col">Loss after step {STEPS}</th>
              <th scope="col">Largest relative difference from CPU</th>
              <th scope="col">Time (ms)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const diff = cpu && r.losses.length ? maxRelativeDifference(r.losses, cpu.losses) : null;
              return (
                <tr key={r.backend} data-backend={r.backend} data-steps={r.losses.length}>
                  <th scope="row">{r.backend}</th>
                  {r.available ? (
                    <>
                      <td>{r.losses[0]?.toFixed(6)}</td>
                      <td>{r.losses[r.losses.length - 1]?.toFixed(6)}</td>
                      <td data-value={diff ?? ''}>{diff === null ? '' : diff.toExponential(2)}</td>
                      <td>{Math.round(r.ms)}</td>
                    </>
                  ) : (
                    <td colSpan={4}>not available here: {r.reason}</td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function maxRelativeDifference(a: readonly number[], b: readonly number[]): number {
  let worst = 0;
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    worst = Math.max(worst, Math.abs(a[k]! - b[k]!) / Math.max(Math.abs(b[k]!), 1e-12));
  }
  return worst;
}
