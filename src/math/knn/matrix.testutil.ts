/** Small rating matrices for the k-NN tests, as the two CSRs (rows, and their transpose). */
export { matrixPair as matrix, randomMatrix } from './matrices';
