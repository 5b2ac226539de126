import 'katex/dist/katex.min.css';
import './examples/examples.css';
import { biasedMfPrediction, cosineSimilarity } from '../math/formulas';
import type { Explanation } from '../worker/api';
import { TraceView } from './examples/TraceView';
import { attempt, fixed4 } from './examples/outcome';
import { itemLabel } from './format';

interface Props {
  explanation: Explanation;
  /** The value as the list shows it, which the explanation must reproduce. */
  shown: number;
}

/**
 * A displayed score explained with the lesson's formula and the trained model's real numbers.
 * The formula recomputes the value from the raw parameters; the panel says whether it matches.
 */
export function ExplainPanel({ explanation: e, shown }: Props) {
  const outcome =
    e.kind === 'cosine' ? attempt(() => cosineSimilarity(e.pa, e.pb)) : attempt(() => biasedMfPrediction({ mu: e.mu, bu: e.bu, bi: e.bi, q: e.q, p: e.p }));
  const recomputed = outcome.kind === 'ok' ? outcome.trace.value : NaN;
  // The list's value went through float32 storage; anything closer than 1e-5 is the same number.
  const matches = Math.abs(recomputed - shown) <= 1e-5;
  return (
    <div className="explain" role="region" aria-label="Explanation">
      <p className="muted">
        {e.kind === 'mf' && (
          <>
            Why user {e.userId} gets {itemLabel(e.item)}: μ is the training mean, b_u and b_i the learned biases, q_u and p_i the learned{' '}
            {e.q.length}-factor vectors.
          </>
        )}
        {e.kind === 'foldIn' && (
          <>
            Your b_u and q_u were solved from your {e.rated} rating{e.rated === 1 ? '' : 's'} with the item vectors fixed: (XᵀX + λI)θ = Xᵀy,
            λ = {e.lambda}. Then the model&apos;s formula scores {itemLabel(e.item)}.
          </>
        )}
        {e.kind === 'cosine' && (
          <>
            Cosine of the learned vectors of {itemLabel(e.a)} and {itemLabel(e.b)}: their dot product over the product of their norms.
          </>
        )}
      </p>
      <TraceView
        example="explain"
        outcome={outcome}
        results={[{ name: 'value', label: e.kind === 'cosine' ? 'cos' : 'r̂', format: fixed4 }]}
      />
      <p className={matches ? 'match' : 'warning'}>
        Shown in the list: <span data-testid="explain-shown">{fixed4(shown)}</span>
        {matches ? ': the same value.' : ': differs from the recomputed value.'}
      </p>
    </div>
  );
}
