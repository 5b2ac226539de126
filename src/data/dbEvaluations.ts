/** The evaluation lab's splits and evaluation reports in IndexedDB: saved, listed, loaded and deleted. */
import type { IDBPDatabase } from 'idb';
import type { EvaluationReport, Split, SplitInfo } from '../evaluation/types';
import type { LabDB } from './db';
import { newestFirst, newId } from './dbRecords';

/** A split without its arrays. */
function toSplitInfo(split: Split): SplitInfo {
  const { train: _train, test: _test, ...info } = split;
  return info;
}

/** Throws when a split's arrays disagree with each other or with its summary. */
function checkSplit(s: Split): void {
  const problems: string[] = [];
  const n = s.test.users.length;
  if (!s.datasetId) problems.push('it has no datasetId');
  if (!(s.train instanceof Int32Array)) problems.push('train is not an Int32Array');
  if (s.test.items.length !== n || s.test.ratings.length !== n) {
    problems.push(`test column lengths differ (users ${n}, items ${s.test.items.length}, ratings ${s.test.ratings.length})`);
  }
  if (s.summary.trainRatings !== s.train.length) problems.push(`summary.trainRatings is ${s.summary.trainRatings} but train has ${s.train.length} rows`);
  if (s.summary.testRatings !== n) problems.push(`summary.testRatings is ${s.summary.testRatings} but test has ${n} rows`);
  for (let k = 1; k < s.train.length; k++) {
    if ((s.train[k] as number) <= (s.train[k - 1] as number)) {
      problems.push(`train rows are not strictly ascending at position ${k}`);
      break;
    }
  }
  if (problems.length > 0) throw new Error(`Cannot save split "${s.name}": ${problems.join('; ')}.`);
}

/**
 * Store a split (replacing one with the same id). Assigns `id` when empty ('split-…').
 * Returns what listSplits shows of it. Throws when its arrays disagree with its summary.
 * The dataset is not checked: splits of the built-in demo (datasetId 'demo') are stored too.
 */
export async function saveSplit(db: IDBPDatabase<LabDB>, split: Split): Promise<SplitInfo> {
  checkSplit(split);
  const stored: Split = { ...split, id: split.id || newId('split', split.createdAt) };
  await db.put('splits', stored);
  return toSplitInfo(stored);
}

/** The splits of a dataset, without their arrays, newest first. */
export async function listSplits(db: IDBPDatabase<LabDB>, datasetId: string): Promise<SplitInfo[]> {
  const all = await db.getAllFromIndex('splits', 'byDataset', datasetId);
  return all.sort(newestFirst).map(toSplitInfo);
}

/** Load a whole split. Throws a clear Error when it is not stored. */
export async function loadSplit(db: IDBPDatabase<LabDB>, id: string): Promise<Split> {
  const split = await db.get('splits', id);
  if (!split) throw new Error(`Split "${id}" is not stored in this browser.`);
  return split;
}

/** Remove a split and the evaluation reports made on it, in one transaction (no error when absent). */
export async function deleteSplit(db: IDBPDatabase<LabDB>, id: string): Promise<void> {
  const tx = db.transaction(['splits', 'evaluations'], 'readwrite');
  const evaluations = tx.objectStore('evaluations');
  const reports = async (): Promise<void> => {
    const keys = await evaluations.index('bySplit').getAllKeys(id);
    await Promise.all(keys.map((k) => evaluations.delete(k)));
  };
  await Promise.all([tx.objectStore('splits').delete(id), reports(), tx.done]);
}

/** Store an evaluation report (replacing one with the same id). Assigns `id` when empty ('eval-…'). Returns the stored report. */
export async function saveEvaluation(db: IDBPDatabase<LabDB>, report: EvaluationReport): Promise<EvaluationReport> {
  const stored: EvaluationReport = { ...report, id: report.id || newId('eval', report.createdAt) };
  await db.put('evaluations', stored);
  return stored;
}

/** The evaluation reports of a dataset (only those on `splitId` when given), newest first. */
export async function listEvaluations(db: IDBPDatabase<LabDB>, datasetId: string, splitId?: string): Promise<EvaluationReport[]> {
  const all =
    splitId === undefined
      ? await db.getAllFromIndex('evaluations', 'byDataset', datasetId)
      : (await db.getAllFromIndex('evaluations', 'bySplit', splitId)).filter((r) => r.datasetId === datasetId);
  return all.sort(newestFirst);
}

/** Remove one evaluation report (no error when absent). */
export async function deleteEvaluation(db: IDBPDatabase<LabDB>, id: string): Promise<void> {
  await db.delete('evaluations', id);
}
