import type { BackendInfo } from '../worker/api';

/** The live status line: which backend runs (and why it fell back), what the lab is doing, errors. */
export function StatusBar({ backend, activity, error }: { backend: BackendInfo | null; activity: string; error: string | null }) {
  return (
    <div className="status-bar">
      <p role="status" aria-live="polite" className="status">
        <strong>{backend ? `Backend: ${backend.name}` : 'Backend: choosing…'}</strong>
        {backend?.device && <span className="device"> on {backend.device}</span>}
        {backend && !backend.float32 && backend.name === 'webgl' && <span> (float16 textures: results are less precise)</span>}
        {backend?.software && (
          <span className="fallback"> · This GPU is a software renderer: the CPU backend is likely much faster on this machine.</span>
        )}
        <span className="activity"> · {activity}</span>
        {backend && backend.reasons.length > 0 && (
          <span className="fallback"> · Fell back because: {backend.reasons.join('; ')}</span>
        )}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
