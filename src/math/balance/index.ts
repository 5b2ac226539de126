/** Popularity balance: dataset diagnostics, re-rankers, re-sampling and inverse-propensity weights. Pure. */
export * from './diagnostics';
export * from './pool';
export * from './mmr';
export * from './calibration';
export * from './resample';
