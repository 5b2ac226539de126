import { describe, expect, it } from 'vitest';
import { buildDatasetMeta } from '../data/meta';
import { generateDemoDataset } from '../data/demo';
import type { Dataset } from '../data/types';
import { findRecommender } from '../recommenders/registry';
import { trainSetFromDataset } from '../recommenders/trainSet';
import type { FitContext, Namer, Rated } from '../recommenders/types';
import type { ModelSummary } from './types';
import { answerYou, explainYou, type YouInput } from './youCascade';
import { chooseStage, featureWords, MODEL_TAKES_OVER_AT } from './youStages';

const names: Namer = { user: (u) => `user ${u}`, item: (i) => `item ${i}` };
const ctx = (): FitContext => ({ backend: 'cpu', tf: null, hooks: {}, validation: null, names });

/**
 * 4 users × 6 items; items 0, 1, 2, 5 are Drama, 3, 4 Comedy; nobody has rated item 5.
 * Ratings per item: 0 → 2, 1 → 3, 2 → 2, 3 → 3, 4 → 2, 5 → 0.
 */
function tinyDataset(): Dataset {
  const rows = [
    [0, 0, 5], [0, 1, 4], [0, 3, 2],
    [1, 1, 5], [1, 2, 4], [1, 4, 1],
    [2, 0, 4], [2, 2, 5], [2, 3, 1],
    [3, 3, 2], [3, 4, 3], [3, 1, 3],
  ];
  const ratings = { users: Int32Array.from(rows, (r) => r[0]!), items: Int32Array.from(rows, (r) => r[1]!), ratings: Float32Array.from(rows, (r) => r[2]!) };
  const userIds = ['a', 'b', 'c', 'd'];
  const itemIds = ['i0', 'i1', 'i2', 'i3', 'i4', 'i5'];
  return {
    meta: buildDatasetMeta({ id: 'tiny', name: 'tiny', ratings, userIds, itemIds, implicit: false, hasTitles: false }),
    ratings,
    timestamps: null,
    userIds,
    itemIds,
    titles: null,
    genres: [['Drama'], ['Drama'], ['Drama'], ['Comedy'], ['Comedy'], ['Drama']],
  };
}

/** A fitted model of the dataset as the session keeps it. */
async function modelOf(dataset: Dataset, method: string): Promise<YouInput['model']> {
  const recommender = findRecommender(method);
  const fitted = await recommender.fit(trainSetFromDataset(dataset), {}, ctx());
  const summary: ModelSummary = {
    id: `${method}-1`,
    datasetId: dataset.meta.id,
    method,
    methodName: recommender.meta.name,
    params: {},
    backend: 'cpu',
    epochs: 0,
    fitMs: 0,
    createdAt: 0,
    facts: [],
    predictsRatings: recommender.meta.predictsRatings,
    scoreLabel: recommender.meta.predictsRatings ? 'r̂' : 'score',
    similarity: null,
    canFoldIn: fitted.foldIn !== undefined,
    validation: null,
    curves: [],
  };
  return { fitted, summary };
}

const input = (dataset: Dataset, model: YouInput['model'], rated: Rated[]): YouInput => ({ dataset, names, model, rated });

describe('chooseStage: who answers the You panel, and the sentence that says so', () => {
  const mf = { name: 'Biased MF', canFoldIn: true };
  const words = 'genres and title words';

  it('popularity with no ratings, content with a few, the model from 5 on', () => {
    expect(MODEL_TAKES_OVER_AT).toBe(5);
    const none = chooseStage({ rated: 0, contentFeatures: words, model: mf });
    expect(none.stage).toBe('popularity');
    expect(none.why).toBe(
      'You have not rated anything yet: these are the most-rated items (popularity), the same for everyone. Rate one and recommendations come from the content of what you rated (genres and title words); at 5 ratings the trained model (Biased MF) takes over.',
    );
    const three = chooseStage({ rated: 3, contentFeatures: words, model: mf });
    expect([three.stage, three.answering, three.modelAt]).toEqual(['content', 'the content of what you rated', 5]);
    expect(three.why).toBe('You have rated 3 items: recommendations come from the content of what you rated (genres and title words); at 5 ratings the trained model (Biased MF) takes over.');
    expect(chooseStage({ rated: 4, contentFeatures: words, model: mf }).stage).toBe('content');
    const five = chooseStage({ rated: 5, contentFeatures: words, model: mf });
    expect(five.stage).toBe('model');
    expect(five.why).toBe('You have rated 5 items: recommendations come from the trained model (Biased MF), your ratings folded in with no retraining.');
    expect(five.stages.map((s) => [s.stage, s.label, s.when, s.available])).toEqual([
      ['popularity', 'Popularity', 'no ratings', true],
      ['content', 'Content of what you rated', '1–4 ratings', true],
      ['model', 'Trained model (Biased MF)', '5 ratings or more', true],
    ]);
  });

  it('content keeps answering when no model can fold you in, and says why', () => {
    const noModel = chooseStage({ rated: 7, contentFeatures: 'genres', model: null });
    expect([noModel.stage, noModel.modelAt]).toEqual(['content', null]);
    expect(noModel.why).toBe('You have rated 7 items: recommendations come from the content of what you rated (genres); train a model that can fold in a new user and from 5 ratings it takes over.');
    const seq = chooseStage({ rated: 1, contentFeatures: 'title words', model: { name: 'GRU', canFoldIn: false } });
    expect(seq.why).toBe('You have rated 1 item: recommendations come from the content of what you rated (title words); GRU cannot fold in a new user, so it never takes over here.');
    expect(seq.stages[2]).toEqual({ stage: 'model', label: 'Trained model (GRU)', when: '5 ratings or more', available: false, reason: 'GRU cannot fold in a new user' });
  });

  it('without item features: the model from the first rating, or popularity when there is none', () => {
    const one = chooseStage({ rated: 1, contentFeatures: null, model: mf });
    expect([one.stage, one.modelAt]).toEqual(['model', 1]);
    expect(one.why).toMatch(/no genres or titles, so there is no content stage before it\.$/);
    expect(one.stages[1]).toMatchObject({ available: false, reason: 'this dataset has no item features (no genres, no usable title words)' });
    const stuck = chooseStage({ rated: 2, contentFeatures: null, model: null });
    expect(stuck.stage).toBe('popularity');
    expect(stuck.why).toBe(
      'You have rated 2 items, but nothing here can use them yet: this dataset has no genres or titles for a content stage, and no model is trained yet. These are the most-rated items (popularity).',
    );
    expect(stuck.stages[0]!.when).toBe('always');
  });

  it('names the features', () => {
    expect([featureWords(19, 544), featureWords(8, 0), featureWords(0, 30)]).toEqual(['genres and title words', 'genres', 'title words']);
  });
});

describe('answerYou / explainYou', () => {
  it('0 ratings: the most-rated items, explained by their counts', async () => {
    const d = tinyDataset();
    const a = await answerYou(input(d, null, []), 10);
    expect([a.stage, a.scoreLabel]).toEqual(['popularity', 'score']);
    // counts 3, 3, 2, 2, 2, 0: ties go to the lower index
    expect(a.recommendations.map((r) => [r.item, r.score])).toEqual([[1, 3], [3, 3], [0, 2], [2, 2], [4, 2], [5, 0]]);
    expect((await explainYou(input(d, null, []), 1)).trace.value).toBe(3);
  });

  it('2 ratings: the content profile; an item nobody rated is recommended from its features and says so', async () => {
    const d = tinyDataset();
    const rated = [
      { item: 0, rating: 5 },
      { item: 3, rating: 1 },
    ];
    const a = await answerYou(input(d, await modelOf(d, 'baseline'), rated), 10);
    expect(a.stage).toBe('content');
    expect(a.why).toBe('You have rated 2 items: recommendations come from the content of what you rated (genres); at 5 ratings the trained model (Baseline μ + b_u + b_i) takes over.');
    // Fewer than 3 ratings: r̄ is the training mean μ = 39/12 = 3.25 (not your own mean), so
    // y = (5 − 3.25, 1 − 3.25) = (1.75, −2.25); one rated item per genre, so with λ = 10 each weight
    // is y/(1 + 10): w_Drama = 1.75/11, w_Comedy = −2.25/11. Drama items 1, 2, 5 score
    // 3.25 + 1.75/11 = 37.5/11, Comedy item 4 scores 3.25 − 2.25/11 = 33.5/11; items 0 and 3 are
    // yours and left out.
    expect(a.recommendations.map((r) => r.item)).toEqual([1, 2, 5, 4]);
    expect(a.recommendations.map((r) => r.score)).toEqual([37.5 / 11, 37.5 / 11, 37.5 / 11, 33.5 / 11].map((v) => expect.closeTo(v, 5)));
    expect(a.recommendations.map((r) => r.note)).toEqual([null, null, 'No one has rated this yet; recommended from its features.', null]);
    expect(a.recommendations[2]!.ratings).toBe(0);
    const e = await explainYou(input(d, null, rated), 5);
    expect(e.trace.value).toBeCloseTo(37.5 / 11, 6);
    expect(e.intro).toMatch(/^No one has rated this yet; recommended from its features\. Your profile w was fitted/);
  });

  it('5 ratings: the trained model’s fold-in takes over', async () => {
    const d = tinyDataset();
    const rated = [0, 1, 2, 3, 4].map((item) => ({ item, rating: item === 3 ? 1 : 4 }));
    const baseline = await modelOf(d, 'baseline');
    const a = await answerYou(input(d, baseline, rated), 10);
    expect([a.stage, a.scoreLabel, a.how]).toEqual(['model', 'r̂', baseline!.fitted.foldIn!(rated).how]);
    expect(a.recommendations.map((r) => [r.item, r.score])).toEqual([[5, baseline!.fitted.foldIn!(rated).scores[5]]]);
    // the baseline does not read features: the note only says nobody rated it
    expect(a.recommendations[0]!.note).toBe('No one has rated this yet.');
    const content = await answerYou(input(d, await modelOf(d, 'content'), rated), 10);
    expect(content.recommendations[0]!.note).toBe('No one has rated this yet; recommended from its features.');
  });

  it('on the demo data the content stage reads genres and title words', async () => {
    const demo = generateDemoDataset();
    const rated = [
      { item: 0, rating: 5 },
      { item: 1, rating: 2 },
      { item: 2, rating: 4 },
    ];
    const a = await answerYou(input(demo, null, rated), 10);
    expect(a.stage).toBe('content');
    expect(a.why).toBe('You have rated 3 items: recommendations come from the content of what you rated (genres and title words); train a model that can fold in a new user and from 5 ratings it takes over.');
    expect(a.recommendations).toHaveLength(10);
    expect(a.recommendations.some((r) => rated.some((x) => x.item === r.item))).toBe(false);
    for (const r of a.recommendations.slice(0, 3)) expect((await explainYou(input(demo, null, rated), r.item)).trace.value).toBeCloseTo(r.score, 5);
  });
});
