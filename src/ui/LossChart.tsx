import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { EpochReport } from '../worker/api';

/**
 * Train loss (MSE, or the method's own loss named by `lossLabel`) and, for methods that predict
 * ratings, validation RMSE and MAE per epoch, drawn with uPlot. A ranking method has no rating
 * error, so its chart has the loss alone (no empty series in the legend). The chart is built once
 * per loss label; new epochs are appended with setData.
 */
export function LossChart({ epochs, lossLabel = 'train MSE', ratingErrors = true }: { epochs: EpochReport[]; lossLabel?: string; ratingErrors?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const chart = new uPlot(
      {
        width: Math.max(300, host.current.clientWidth || 520),
        height: 220,
        scales: { x: { time: false } },
        axes: [{ label: 'epoch' }, { label: lossLabel === 'train MSE' ? 'error' : 'loss' }],
        series: [
          { label: 'epoch' },
          { label: lossLabel, stroke: '#2563eb', width: 2 },
          ...(ratingErrors
            ? [
                { label: 'validation RMSE', stroke: '#dc2626', width: 2 },
                { label: 'validation MAE', stroke: '#16a34a', width: 1, dash: [4, 4] },
              ]
            : []),
        ],
      },
      ratingErrors ? [[], [], [], []] : [[], []],
      host.current,
    );
    plot.current = chart;
    return () => {
      chart.destroy();
      plot.current = null;
    };
  }, [lossLabel, ratingErrors]);

  useEffect(() => {
    const x = epochs.map((e) => e.epoch);
    const loss = epochs.map((e) => e.trainLoss);
    plot.current?.setData(
      ratingErrors
        ? [x, loss, epochs.map((e) => (Number.isFinite(e.valRmse) ? e.valRmse : null)), epochs.map((e) => (Number.isFinite(e.valMae) ? e.valMae : null))]
        : [x, loss],
    );
  }, [epochs, ratingErrors]);

  const described = ratingErrors ? `${lossLabel}, validation RMSE and MAE per epoch` : `${lossLabel} per epoch`;
  return (
    <figure className="chart-figure">
      <div ref={host} className="chart" role="img" aria-label={`Training curves: ${described}`} />
      <figcaption className="muted">
        {epochs.length === 0 ? 'The curves appear here after the first epoch.' : `${lossLabel === 'train MSE' ? 'Error' : lossLabel} per epoch (${epochs.length} so far).`}
      </figcaption>
    </figure>
  );
}
