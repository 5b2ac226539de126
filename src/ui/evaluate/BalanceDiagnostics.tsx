import { useId, useState } from 'react';
import type { DatasetBalance, SideBalance } from '../../worker/api';
import { formatPercent } from '../format';
import { LongTailChart } from './LongTailChart';

/** One side's figures with a sentence on what each means. */
function SideFigures({ side, noun }: { side: SideBalance; noun: 'items' | 'users' }) {
  const singular = noun === 'items' ? 'item' : 'user';
  const who = noun === 'items' ? 'items' : 'raters';
  return (
    <dl className="balance-figures" data-side={noun}>
      <dt>Head share</dt>
      <dd data-value={side.headShare}>
        <strong>{formatPercent(side.headShare, 1)}</strong> of the ratings go to the {formatPercent(side.headFraction, 0)} most-rated {noun} ({side.headSize} of {side.rated}).{' '}
        <span className="muted">
          {noun === 'items'
            ? 'A model fitted on these ratings sees these few items most, and tends to recommend them further.'
            : 'These heavy raters weigh most in any loss summed over ratings.'}
        </span>
      </dd>
      <dt>Gini coefficient</dt>
      <dd data-value={side.gini}>
        <strong>{side.gini.toFixed(3)}</strong>{' '}
        <span className="muted">
          G = Σ(2i − n − 1)·x₍ᵢ₎ / (n·Σx) over the ratings per {singular} sorted ascending: 0 when every {singular} has as many ratings as every other, near 1 when
          a few {who} have nearly all.
        </span>
      </dd>
      <dt>Ratings per {singular}</dt>
      <dd>
        median {side.median}, most {side.max}
        {side.unrated > 0 && `; ${side.unrated} ${noun} of the index have none (left out)`}.
      </dd>
    </dl>
  );
}

/**
 * The dataset's popularity balance: head shares and Gini coefficients of ratings per item and per
 * user, each explained, and the long-tail curve of either (chart and table).
 */
export function BalanceDiagnostics({ balance }: { balance: DatasetBalance }) {
  const id = useId();
  const [side, setSide] = useState<'items' | 'users'>('items');
  return (
    <div className="balance-diagnostics">
      <div className="columns">
        <div>
          <h4>Items (popularity)</h4>
          <SideFigures side={balance.items} noun="items" />
        </div>
        <div>
          <h4>Users (activity)</h4>
          <SideFigures side={balance.users} noun="users" />
        </div>
      </div>
      <p className="muted">
        {balance.itemsWithGenres > 0
          ? `${balance.itemsWithGenres} items have genres (${balance.genres} distinct), so the genre calibration remedy can run.`
          : 'The items have no genres, so the genre calibration remedy is not available (import a titles file with genres to use it).'}
      </p>
      <fieldset className="balance-side">
        <legend id={`${id}-legend`}>Long-tail curve of</legend>
        {(['items', 'users'] as const).map((s) => (
          <label key={s} className="check">
            <input type="radio" name={`${id}-side`} value={s} checked={side === s} onChange={() => setSide(s)} /> {s === 'items' ? 'ratings per item' : 'ratings per user'}
          </label>
        ))}
      </fieldset>
      <LongTailChart side={side === 'items' ? balance.items : balance.users} noun={side} />
    </div>
  );
}
