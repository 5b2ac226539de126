/**
 * Default inputs of the lesson's nine classic examples, as plain editable data.
 * The page copies them into its state, lets the reader edit any number, and calls the formulas.
 * Expected results (worked by hand) are in examples.test.ts, not here, so nothing is typed twice.
 */

/** 1 — Two users, three co-rated items: cosine similarity, then a weighted-average prediction. */
export interface Example1 {
  users: string[];
  items: string[];
  /** rows = users, columns = items, null = not rated. */
  ratings: (number | null)[][];
  /** 0-based target cell to predict. */
  target: { user: number; item: number };
  k: number;
}

export const example1: Example1 = {
  users: ['Alice', 'Bob'],
  items: ['Item 1', 'Item 2', 'Item 3', 'Item 4'],
  // Alice and Bob both rated items 1–3; only Bob rated item 4, which we predict for Alice.
  ratings: [
    [4, 3, 5, null],
    [2, 4, 5, 4],
  ],
  target: { user: 0, item: 3 },
  k: 1,
};

/** 2 — Content-based score w_u · f_i. */
export const example2 = {
  wu: [0.2, 0.3, 0.5],
  fi: [0.1, 0.4, 0.5],
};

/** 3 — Neural scorer σ(W·[h_u; h_i] + b) with a 1×6 weight. */
export const example3 = {
  hu: [0.1, 0.2, 0.3],
  hi: [0.4, 0.5, 0.6],
  W: [[0.1, 0.1, 0.1, 0.1, 0.1, 0.1]],
  b: 0.1,
};

/** 4 — A single neuron σ(Σ_k W_k u_k + b). */
export const example4 = {
  u: [0.1, 0.2, 0.3, 0.4, 0.5],
  W: [1, 1, 1, 1, 1],
  b: 0.1,
};

/** 5 — Cosine and Pearson of A and B. */
export const example5 = {
  a: [1, 2, 3, 4, 5],
  b: [2, 3, 4, 5, 6],
  form: 'population' as 'population' | 'sample',
};

/** 6 — Binary vectors: cosine and Jaccard. */
export const example6 = {
  a: [1, 0, 1],
  b: [0, 1, 0],
};

/** 7 — Biased MF prediction and its loss against the true rating. */
export const example7 = {
  mu: 0.5,
  bu: 0,
  bi: 0,
  q: [0.1, 0.2, 0.3],
  p: [0.4, 0.5, 0.6],
  rating: 1,
};

/** 8 — OLS on two feature columns, without and with an intercept. */
export const example8 = {
  columns: [
    [1, 2, 3],
    [2, 3, 4],
  ],
  y: [3, 4, 5],
  intercept: false,
};

/**
 * 9 — A 10×10 binary user–item matrix (two taste groups: users 1–5 mostly use items 1–5,
 * users 6–10 mostly items 6–10) and a rank-2 factorisation R ≈ U·V: group-A users are (0.9, 0.1),
 * group-B users (0.1, 0.9); items 1–5 are (0.8, 0.1)ᵀ, items 6–10 (0.1, 0.8)ᵀ.
 * The prediction for (user 1, item 3) is row 1 of U · column 3 of V = 0.9·0.8 + 0.1·0.1 = 0.73,
 * against R = 1. (User 1 has not used item 4, yet it also scores 0.73: that is the recommendation.)
 */
export const example9 = {
  R: [
    [1, 1, 1, 0, 1, 0, 0, 0, 0, 0],
    [1, 1, 0, 1, 1, 0, 0, 0, 0, 0],
    [0, 1, 1, 1, 1, 0, 0, 1, 0, 0],
    [1, 0, 1, 1, 0, 0, 0, 0, 0, 0],
    [1, 1, 1, 1, 0, 0, 1, 0, 0, 0],
    [0, 0, 0, 0, 0, 1, 1, 0, 1, 1],
    [0, 0, 1, 0, 0, 1, 1, 1, 0, 1],
    [0, 0, 0, 0, 0, 1, 0, 1, 1, 1],
    [0, 0, 0, 0, 0, 0, 1, 1, 1, 1],
    [0, 0, 0, 0, 1, 1, 1, 1, 1, 0],
  ],
  U: [
    [0.9, 0.1],
    [0.9, 0.1],
    [0.9, 0.1],
    [0.9, 0.1],
    [0.9, 0.1],
    [0.1, 0.9],
    [0.1, 0.9],
    [0.1, 0.9],
    [0.1, 0.9],
    [0.1, 0.9],
  ],
  V: [
    [0.8, 0.8, 0.8, 0.8, 0.8, 0.1, 0.1, 0.1, 0.1, 0.1],
    [0.1, 0.1, 0.1, 0.1, 0.1, 0.8, 0.8, 0.8, 0.8, 0.8],
  ],
  /** 0-based: user 1, item 3. */
  user: 0,
  item: 2,
};

/** All nine, numbered as in the lesson, with their titles. */
export const classicExamples = [
  { id: 1, title: 'Two users, three items: cosine and weighted-average prediction', data: example1 },
  { id: 2, title: 'Content-based score', data: example2 },
  { id: 3, title: 'Neural scorer with a 1×6 weight', data: example3 },
  { id: 4, title: 'A single neuron σ(Σ W_k u_k + b)', data: example4 },
  { id: 5, title: 'Cosine and Pearson of A and B', data: example5 },
  { id: 6, title: 'Binary vectors: cosine and Jaccard', data: example6 },
  { id: 7, title: 'Biased MF prediction and loss', data: example7 },
  { id: 8, title: 'Ordinary least squares', data: example8 },
  { id: 9, title: '10×10 binary matrix: dot-product prediction and loss', data: example9 },
] as const;
