/** Whether a dataset has enough users and items to train a recommender on. */
import type { DatasetMeta } from './types';

/**
 * Why training cannot start on this dataset, or null when it can: a recommender learns from how
 * users and items differ, so it needs at least 2 of each.
 */
export function untrainableReason(meta: Pick<DatasetMeta, 'name' | 'users' | 'items'>): string | null {
  const few: string[] = [];
  if (meta.users < 2) few.push(`only ${meta.users} user${meta.users === 1 ? '' : 's'}`);
  if (meta.items < 2) few.push(`only ${meta.items} item${meta.items === 1 ? '' : 's'}`);
  if (few.length === 0) return null;
  return `Cannot train on "${meta.name}": it has ${few.join(' and ')}. A recommender needs at least 2 users and 2 items to learn from; import a file with more.`;
}
