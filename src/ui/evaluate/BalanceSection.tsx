import type { DatasetBalance, EvaluationReport, MethodRun, RecommenderMeta } from '../../worker/api';
import { BalanceDiagnostics } from './BalanceDiagnostics';
import { SweepForm } from './SweepForm';
import { TradeOffChart } from './TradeOffChart';

export interface BalanceSectionProps {
  /** The selected dataset's diagnostics (null while they load), or the error that stopped them. */
  balance: DatasetBalance | null;
  balanceError: string | null;
  runs: readonly MethodRun[];
  methods: readonly RecommenderMeta[];
  /** The report shown in the table (its sweeps draw trade-off curves). */
  report: EvaluationReport | null;
  /** True when a sweep cannot start (running, or no split chosen). */
  sweepDisabled: boolean;
  onSweep(runs: MethodRun[]): void;
}

/**
 * The evaluation lab's Balance section: how unevenly the dataset's ratings fall on items and users,
 * how to try a remedy (the method picker's "Balance remedy"), and the λ sweep with its trade-off curve.
 */
export function BalanceSection({ balance, balanceError, runs, methods, report, sweepDisabled, onSweep }: BalanceSectionProps) {
  const hasGenres = balance === null ? null : balance.itemsWithGenres > 0;
  return (
    <section className="balance" aria-labelledby="balance-heading">
      <h3 id="balance-heading">Balance</h3>
      <p className="muted balance-intro">
        A few popular items hold most ratings; models learn to push them further and the long tail disappears from the lists. Below: how unbalanced this
        dataset is. Each method run above can take a <em>balance remedy</em> (re-ranking its lists, re-sampling or weighting its training data) and is then
        measured as its own row; a λ sweep draws what a re-ranker trades: accuracy for coverage.
      </p>
      {balanceError !== null ? (
        <p className="warning">Could not compute the balance diagnostics: {balanceError}</p>
      ) : balance === null ? (
        <p className="muted">Computing the balance diagnostics…</p>
      ) : (
        <BalanceDiagnostics balance={balance} />
      )}
      <SweepForm runs={runs} methods={methods} hasGenres={hasGenres} disabled={sweepDisabled} onSweep={onSweep} />
      {report && <TradeOffChart report={report} />}
    </section>
  );
}
