import { describe, expect, it } from 'vitest';
import { trainMfWasm } from '../../model/wasmSgd';
import { trainMfCpu } from '../../model/cpuTrainer';
import { trainMfDsgd } from '../../model/wasmSgdThreads';
import { resolveParams } from '../params';
import { cpuContext, smallTrainSet } from '../testutil';
import { biasedMf } from './index';
import { biasedMfMeta, trainParamsOf } from './meta';

describe('biased MF: the CPU kernel option', () => {
  it('defaults to the WebAssembly per-rating SGD; kernel batched-js trains with the batched typed-array trainer', async () => {
    const set = smallTrainSet();
    const rows = { train: Int32Array.from({ length: set.ratings.ratings.length }, (_, j) => j), validation: new Int32Array(0) };
    const score = async (values: Record<string, string | number>) => {
      const fitted = await biasedMf.fit(set, { epochs: 3, ...values }, cpuContext());
      return fitted.scoreItems(0);
    };
    const params = trainParamsOf(resolveParams(biasedMfMeta, { epochs: 3 }, 'cpu'));
    expect(resolveParams(biasedMfMeta, {}, 'cpu').kernel).toBe('sgd-wasm');
    const viaWasm = await trainMfWasm(set.ratings, set.nUsers, set.nItems, params, {}, rows);
    const viaBatched = await trainMfCpu(set.ratings, set.nUsers, set.nItems, params, {}, rows);
    const wasmScores = await score({ kernel: 'sgd-wasm', threads: '1' });
    const defaultScores = await score({ threads: '1' });
    const batchedScores = await score({ kernel: 'batched-js' });
    const mu = viaWasm.mu;
    // user 0, item 0: μ + b_u + b_i + q_u·p_i of each directly trained model
    const predict = (m: typeof viaWasm) => {
      let dot = 0;
      for (let f = 0; f < m.factors; f++) dot += m.userFactors[f]! * m.itemFactors[f]!;
      return mu + m.userBias[0]! + m.itemBias[0]! + dot;
    };
    expect(wasmScores[0]).toBeCloseTo(predict(viaWasm), 5);
    expect(defaultScores[0]).toBe(wasmScores[0]);
    expect(batchedScores[0]).toBeCloseTo(predict(viaBatched), 5);
    expect(Math.abs(predict(viaWasm) - predict(viaBatched))).toBeGreaterThan(1e-4);
  });

  it('threads: auto by default; 2 trains the sgd-wasm kernel by DSGD on two workers, and the epochs say so', async () => {
    const set = smallTrainSet();
    expect(resolveParams(biasedMfMeta, {}, 'cpu').threads).toBe('auto');
    const rows = { train: Int32Array.from({ length: set.ratings.ratings.length }, (_, j) => j), validation: new Int32Array(0) };
    const params = trainParamsOf(resolveParams(biasedMfMeta, { epochs: 3 }, 'cpu'));
    const direct = await trainMfDsgd(set.ratings, set.nUsers, set.nItems, params, 2, {}, rows);
    const notes: (string | undefined)[] = [];
    const ctx = cpuContext();
    const fitted = await biasedMf.fit(set, { epochs: 3, kernel: 'sgd-wasm', threads: '2' }, { ...ctx, hooks: { onEpoch: (r) => notes.push(r.note) } });
    const u = 1;
    let dot = 0;
    for (let f = 0; f < direct.factors; f++) dot += direct.userFactors[u * direct.factors + f]! * direct.itemFactors[f]!;
    expect(fitted.scoreItems(u)[0]).toBeCloseTo(direct.mu + direct.userBias[u]! + direct.itemBias[0]! + dot, 5);
    expect(notes).toEqual(Array(3).fill('2 threads (DSGD, 8×8 blocks): same seed → the same model on any number of threads from 2 up, bit for bit'));
  });

  it('Adam ignores the kernel option (the batched trainer runs)', async () => {
    const set = smallTrainSet();
    const a = await biasedMf.fit(set, { epochs: 2, optimizer: 'adam', learningRate: 0.01, kernel: 'sgd-wasm' }, cpuContext());
    const b = await biasedMf.fit(set, { epochs: 2, optimizer: 'adam', learningRate: 0.01 }, cpuContext());
    expect(Array.from(a.scoreItems(1))).toEqual(Array.from(b.scoreItems(1)));
  });
});
