import type { PolicyResult, SlateExplanation } from '../../worker/api';

const fmt = (v: number | null, digits = 3) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** What put each item of a policy's last slate there: its estimate, its bonus or sample, and what the user did. */
export function SlateTable({ result, slate, labels }: { result: PolicyResult; slate: SlateExplanation; labels: readonly string[] }) {
  const bonus = slate.slots.some((s) => s.bonus !== null);
  const sampled = slate.slots.some((s) => s.sampled !== null);
  const random = slate.slots.some((s) => s.exploredAtRandom);
  return (
    <div className="sim-slate">
      <p>
        Step {slate.step}: user #{slate.user + 1}, of whom {result.label} had {slate.userObservations} observation{slate.userObservations === 1 ? '' : 's'} before choosing.
        {bonus && ' LinUCB ranks by the estimate plus its bonus α·√(xᵀA⁻¹x): items it knows little about for this user get a larger bonus.'}
        {sampled && ' Thompson sampling ranks by x·θ̃ for one θ̃ drawn from the user’s posterior N(θ̂, v²A⁻¹): uncertain items sometimes draw high.'}
        {random && ' A slot marked “at random” was filled by exploration (ε), not by the estimate.'}
      </p>
      <div className="table-scroll">
        <table className="sim-table">
          <caption>Why each item is on {result.label}’s last slate</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Item</th>
              <th scope="col">Estimate x·θ̂</th>
              {bonus && <th scope="col">Bonus</th>}
              {sampled && <th scope="col">Sampled x·θ̃</th>}
              <th scope="col">Ranked by</th>
              <th scope="col">True p (hidden from the policy)</th>
              <th scope="col">Clicked</th>
            </tr>
          </thead>
          <tbody>
            {slate.slots.map((s, j) => (
              <tr key={s.rank}>
                <td className="num">{s.rank}</td>
                <td className="sim-item" title={labels[j]}>
                  {labels[j] ?? `item ${s.item}`}
                </td>
                <td className="num">{fmt(s.estimate)}</td>
                {bonus && <td className="num">{fmt(s.bonus)}</td>}
                {sampled && <td className="num">{fmt(s.sampled)}</td>}
                <td className="num">{s.exploredAtRandom ? 'at random' : fmt(s.score)}</td>
                <td className="num">{fmt(s.trueProbability)}</td>
                <td>{s.clicked ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
