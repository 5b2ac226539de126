/** A fit's hooks handed to its trainer. */
import type { TrainHooks } from '../model/trainHooks';
import type { FitHooks } from './types';

/**
 * The fit's hooks typed with the trainer's own checkpoint tables `M`. Safe because a checkpoint only
 * ever comes back to the method that wrote it (the worker checks the method before resuming), and so
 * to a trainer of the same tables.
 */
export function trainerHooks<M>(hooks: FitHooks): TrainHooks<M> {
  return hooks as TrainHooks<M>;
}
