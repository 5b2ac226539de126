/** How the UI groups the lab's methods, and what a method needs that a dataset may lack. */
import type { DatasetMeta, RecommenderMeta } from '../worker/api';

/** The lesson families, in the order the forms list them. */
export const METHOD_FAMILIES: readonly { family: RecommenderMeta['family']; title: string }[] = [
  { family: 'baseline', title: 'Baselines' },
  { family: 'neighbourhood', title: 'Neighbourhood methods' },
  { family: 'factorization', title: 'Matrix factorization' },
  { family: 'implicit', title: 'Implicit feedback' },
  { family: 'content', title: 'Content-based and hybrid' },
  { family: 'neural', title: 'Neural recommenders' },
  { family: 'sequence', title: 'Sequence models' },
];

/** Methods grouped by family, in METHOD_FAMILIES order (empty families left out). */
export function groupByFamily(methods: readonly RecommenderMeta[]): { family: RecommenderMeta['family']; title: string; members: RecommenderMeta[] }[] {
  return METHOD_FAMILIES.map((f) => ({ ...f, members: methods.filter((m) => m.family === f.family) })).filter((g) => g.members.length > 0);
}

/**
 * Why `meta` cannot run on `dataset`, in a plain sentence, or null when it can (or no dataset is
 * selected). Said before the user presses Train, so nobody waits for a fit that must fail.
 */
export function unmetNeeds(meta: RecommenderMeta, dataset: DatasetMeta | null): string | null {
  if (!dataset) return null;
  if (meta.needs?.timestamps && !dataset.hasTimestamps) {
    return `${meta.name} needs timestamps: “${dataset.name}” has no timestamp column, so there is no order of each user’s items to learn from.`;
  }
  if (meta.needs?.itemFeatures && !dataset.hasTitles) {
    return `${meta.name} needs item features: “${dataset.name}” has no titles file. Import one with titles (and genres) to use it.`;
  }
  return null;
}
