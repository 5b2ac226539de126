/**
 * Implicit ALS going on from a checkpoint: a run stopped after sweep 2 and resumed from its
 * checkpoint ends exactly where an uninterrupted run does (the factors are all a sweep reads).
 */
import { describe, expect, it } from 'vitest';
import type { TrainingCheckpoint } from '../../model/trainHooks';
import { cpuContext, smallTrainSet } from '../testutil';
import type { FitHooks } from '../types';
import { implicitAls } from './index';
import type { ImplicitAlsTrainState } from './index';

const train = smallTrainSet();
const fitWith = (params: Record<string, number | string>, hooks: FitHooks) => implicitAls.fit(train, params, { ...cpuContext(), hooks });

describe.each(['cg', 'cholesky'])('implicit ALS resume (%s solver)', (solver) => {
  const params = { factors: 5, epochs: 5, solver, alpha: 2, lambda: 0.5, positiveAt: 3, seed: 9 };
  it('stopped after sweep 2 and resumed from its checkpoint, it ends exactly where an uninterrupted run does', async () => {
    const wholeLosses: number[] = [];
    const whole = await fitWith(params, { onEpoch: (r) => wholeLosses.push(r.trainLoss) });
    const checkpoints: TrainingCheckpoint<ImplicitAlsTrainState>[] = [];
    const order: string[] = [];
    let epochs = 0;
    await fitWith(params, {
      onCheckpoint: (c) => {
        checkpoints.push(c as TrainingCheckpoint<ImplicitAlsTrainState>);
        order.push(`checkpoint ${c.epoch}`);
      },
      onEpoch: (r) => {
        epochs = r.epoch;
        order.push(`epoch ${r.epoch}`);
      },
      shouldStop: () => epochs >= 2,
    });
    expect(order).toEqual(['checkpoint 1', 'epoch 1', 'checkpoint 2', 'epoch 2']);
    const c = checkpoints[1]!;
    expect(c.model.userFactors.length).toBe(40 * 5);
    expect(c.model.itemFactors.length).toBe(30 * 5);
    const reported: { epoch: number; loss: number }[] = [];
    const resumed = await fitWith(params, { resume: c, onEpoch: (r) => reported.push({ epoch: r.epoch, loss: r.trainLoss }) });
    expect(reported.map((r) => r.epoch)).toEqual([3, 4, 5]);
    expect(reported.map((r) => r.loss)).toEqual(wholeLosses.slice(2));
    expect(resumed.state()).toEqual(whole.state());
    for (const u of [0, 13, 39]) expect(Array.from(resumed.scoreItems(u))).toEqual(Array.from(whole.scoreItems(u)));
    // the checkpoint is a copy: later sweeps did not change it
    const final = whole.state() as { userFactors: Float32Array };
    expect(Array.from(Float32Array.from(c.model.userFactors))).not.toEqual(Array.from(final.userFactors));
  });
});

describe('implicit ALS checkpoints that do not fit', () => {
  it('are refused, saying why', async () => {
    const ok: TrainingCheckpoint<ImplicitAlsTrainState>[] = [];
    await fitWith({ factors: 4, epochs: 1 }, { onCheckpoint: (c) => ok.push(c as TrainingCheckpoint<ImplicitAlsTrainState>) });
    await expect(fitWith({ factors: 6, epochs: 2 }, { resume: ok[0]! })).rejects.toThrow("the checkpoint's factors (160 and 120 entries) do not fit 40 users × 30 items × k 6");
    const later = { ...ok[0]!, epoch: 3 };
    await expect(fitWith({ factors: 4, epochs: 2 }, { resume: later })).rejects.toThrow('cannot resume after epoch 3 of 2');
  });

  it('resumed at its last sweep, the model is the checkpoint with its objective', async () => {
    const ok: TrainingCheckpoint<ImplicitAlsTrainState>[] = [];
    const losses: number[] = [];
    const whole = await fitWith({ factors: 4, epochs: 2 }, { onCheckpoint: (c) => ok.push(c as TrainingCheckpoint<ImplicitAlsTrainState>), onEpoch: (r) => losses.push(r.trainLoss) });
    const resumed = await fitWith({ factors: 4, epochs: 2 }, { resume: ok[1]! });
    expect(resumed.state()).toEqual(whole.state());
    expect((resumed.state() as { loss: number; iterations: number }).loss).toBe(losses[1]);
  });
});
