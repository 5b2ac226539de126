/**
 * Content-based recommendations by ridge regression on item features (src/math/content), on the
 * CPU. Per user u with rated items I_u and mean r̄_u:
 * `w_u = argmin_w Σ_{i∈I_u} (r_ui − r̄_u − w·f_i)² + λ‖w‖²`, `r̂_ui = r̄_u + w_u·f_i`,
 * solved exactly in the smaller of the dual (|I_u|×|I_u|) and the primal (one row per feature the
 * user's items have) by Cholesky in float64 (ridgeProfile). A user without training ratings gets
 * r̄_u = μ and w_u = 0. On implicit data (every rating 1) centring would leave nothing to fit, so
 * r̄_u = 0 and the targets are the 1s: w_u·f_i then ranks items by likeness to the user's choices.
 */
import { num, resolveParams } from '../params';
import type { FoldedUser, Namer, ParamValues, Rated, Recommender, TrainSet } from '../types';
import { contentFitted, foldInContent } from './fitted';
import type { ContentState, ContentVisitorModel } from './fitted';
import { contentMeta } from './meta';
import { featuresFor, fitProfilesAsync } from './shared';

export { contentMeta } from './meta';
export type { ContentState, ContentVisitorModel } from './fitted';
export { foldInContent } from './fitted';

/** Content features ready to fold visitors in, without fitting a profile for every training user. */
export interface ContentForVisitors {
  model: ContentVisitorModel;
  /** Genre columns and title-word columns of the features. */
  genres: number;
  titleWords: number;
  foldIn(rated: readonly Rated[]): FoldedUser;
}

/**
 * The content model of a new visitor (the "You" panel's content stage): the item features of
 * `train` under the content method's parameters (defaults unless given) and μ, and a fold-in that
 * fits the visitor's profile exactly as fit() fits a user's. Cheap: only the features are built.
 * Throws the same plain Error as fit() when the dataset has no genres and no usable title words.
 */
export function contentForVisitors(train: TrainSet, values: ParamValues, names: Namer): ContentForVisitors {
  const p = resolveParams(contentMeta, values, 'cpu');
  const features = featuresFor(train, p, contentMeta.name);
  const model: ContentVisitorModel = { features, lambda: num(p, 'lambda'), centred: !train.implicit, globalMean: train.globalMean };
  return {
    model,
    genres: features.nGenres,
    titleWords: features.nCols - features.nGenres,
    foldIn: (rated) => foldInContent(model, rated, names),
  };
}

export const content: Recommender = {
  meta: contentMeta,
  async fit(train, values, ctx) {
    const p = resolveParams(contentMeta, values, ctx.backend);
    const features = featuresFor(train, p, contentMeta.name);
    const lambda = num(p, 'lambda');
    const byUser = train.byUser();
    const centred = !train.implicit;
    const means = new Float64Array(train.nUsers);
    for (let u = 0; u < train.nUsers; u++) {
      const from = byUser.indptr[u] as number;
      const to = byUser.indptr[u + 1] as number;
      let s = 0;
      for (let q = from; q < to; q++) s += byUser.values[q] as number;
      means[u] = !centred ? 0 : to > from ? s / (to - from) : train.globalMean;
    }
    const { profiles, solved } = await fitProfilesAsync(features, byUser, lambda, (u, _i, r) => r - (means[u] as number), ctx.hooks, {
      from: 0,
      to: 1,
      stoppable: true,
      what: contentMeta.name,
    });
    ctx.hooks.onProgress?.(1);
    const state: ContentState = { features, means, profiles, lambda, centred, globalMean: train.globalMean, solved };
    return contentFitted(state, ctx);
  },
  restore: (state, _train, ctx) => contentFitted(state as ContentState, ctx),
};
