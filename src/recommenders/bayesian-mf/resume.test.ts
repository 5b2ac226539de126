/**
 * Bayesian MF going on from a checkpoint: a Gibbs run stopped after sweep k and resumed from its
 * checkpoint (the chain, the kept samples' sums, the validation average and the rng state) ends
 * exactly where an uninterrupted run does: the same posterior, and the same per-sweep figures.
 */
import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../../model/params';
import type { TrainingCheckpoint } from '../../model/trainHooks';
import { cpuContext, smallTrainSet } from '../testutil';
import type { FitHooks } from '../types';
import { bayesianMf } from './index';
import type { BayesianMfTrainState } from './index';

const train = smallTrainSet();
const validation = smallTrainSet(8).ratings;
const fitWith = (params: Record<string, number | boolean>, hooks: FitHooks, withValidation = true) =>
  bayesianMf.fit(train, params, { ...cpuContext(), validation: withValidation ? validation : null, hooks });
const figures = (r: EpochReport) => [r.epoch, r.trainLoss, r.valRmse, r.valMae];

/** A run stopped after sweep `k`: its checkpoints and the order of checkpoints and reports. */
async function stopAfter(params: Record<string, number | boolean>, k: number, withValidation = true) {
  const checkpoints: TrainingCheckpoint<BayesianMfTrainState>[] = [];
  const samplesThen: number[][] = [];
  const order: string[] = [];
  let epochs = 0;
  await fitWith(
    params,
    {
      onCheckpoint: (c) => {
        checkpoints.push(c as TrainingCheckpoint<BayesianMfTrainState>);
        samplesThen.push(Array.from((c as TrainingCheckpoint<BayesianMfTrainState>).model.chain.users));
        order.push(`checkpoint ${c.epoch}`);
      },
      onEpoch: (r) => {
        epochs = r.epoch;
        order.push(`epoch ${r.epoch}`);
      },
      shouldStop: () => epochs >= k,
    },
    withValidation,
  );
  return { checkpoints, samplesThen, order };
}

describe.each([
  // stopped during burn-in: nothing kept yet, the posterior falls back on the current sample
  ['during burn-in, α fixed', 2, false],
  // stopped after burn-in: the kept samples' sums and the validation average go on
  ['after burn-in, α fixed', 4, false],
  ['after burn-in, α sampled', 4, true],
] as const)('Bayesian MF resume, stopped %s', (_name, k, learnAlpha) => {
  const params = { factors: 3, epochs: 6, burnIn: 3, learnAlpha, seed: 13 };
  it(`stopped after sweep ${k} and resumed from its checkpoint, it ends exactly where an uninterrupted run does`, async () => {
    const wholeReports: EpochReport[] = [];
    const whole = await fitWith(params, { onEpoch: (r) => wholeReports.push(r) });
    const { checkpoints, samplesThen, order } = await stopAfter(params, k);
    expect(order.slice(0, 4)).toEqual(['checkpoint 1', 'epoch 1', 'checkpoint 2', 'epoch 2']);
    const c = checkpoints[k - 1]!;
    expect(c.epoch).toBe(k);
    expect(c.model.chain.kept).toBe(Math.max(0, k - 3));
    expect(c.model.average?.count).toBe(Math.max(0, k - 3));
    expect(typeof c.rng).toBe('number');
    const reports: EpochReport[] = [];
    const resumed = await fitWith(params, { resume: c, onEpoch: (r) => reports.push(r) });
    expect(reports.map((r) => r.epoch)).toEqual([k + 1, k + 2, k + 3, k + 4, k + 5, k + 6].filter((e) => e <= 6));
    // the same draws: training error, and validation errors of the same running average
    expect(reports.map(figures)).toEqual(wholeReports.slice(k).map(figures));
    expect(resumed.state()).toEqual(whole.state());
    for (const u of [0, 17, 39]) expect(Array.from(resumed.scoreItems(u))).toEqual(Array.from(whole.scoreItems(u)));
    // the checkpoint is a copy: neither the run that wrote it nor the resumed run changed it
    expect(Array.from(c.model.chain.users)).toEqual(samplesThen[k - 1]);
    expect(samplesThen[k - 1]).not.toEqual(samplesThen[k - 2]);
  });
});

describe('Bayesian MF checkpoints', () => {
  it('without validation rows keep no average, and resume bit for bit', async () => {
    const params = { factors: 2, epochs: 4, burnIn: 1, seed: 3 };
    const whole = await fitWith(params, {}, false);
    const { checkpoints } = await stopAfter(params, 2, false);
    expect(checkpoints[1]!.model.average).toBeNull();
    const resumed = await fitWith(params, { resume: checkpoints[1]! }, false);
    expect(resumed.state()).toEqual(whole.state());
  });

  it('that do not fit the run are refused, saying why', async () => {
    const { checkpoints } = await stopAfter({ factors: 2, epochs: 2, seed: 3 }, 1);
    const c = checkpoints[0]!;
    await expect(fitWith({ factors: 3, epochs: 2 }, { resume: c })).rejects.toThrow("BPMF: the saved chain's users has 120 entries, this run's 160 (40 users × 30 items, d 4)");
    await expect(fitWith({ factors: 2, epochs: 2 }, { resume: { ...c, epoch: 3 } })).rejects.toThrow('cannot resume after epoch 3 of 2');
    await expect(fitWith({ factors: 2, epochs: 2 }, { resume: c }, false)).rejects.toThrow('the checkpoint was written with a different validation holdout');
  });
});
