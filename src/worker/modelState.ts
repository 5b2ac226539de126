/**
 * Making a fitted model's `state()` storable: tensors anywhere in it are read back to typed arrays
 * (before any IndexedDB transaction opens: reading a tensor is not an IndexedDB await), and its
 * size is estimated for the stored-models list.
 */

/** What a tfjs tensor looks like from outside (duck-typed: the state walker needs no tfjs import). */
interface TensorLike {
  shape: number[];
  dtype: string;
  data(): Promise<ArrayLike<number> | ArrayLike<string>>;
  dataSync(): unknown;
}

function isTensorLike(value: object): value is TensorLike {
  const t = value as Partial<TensorLike>;
  return Array.isArray(t.shape) && typeof t.dtype === 'string' && typeof t.data === 'function' && typeof t.dataSync === 'function';
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `state` in which every tensor (at any depth in plain objects and arrays) is replaced by
 * its values as a typed array; typed arrays, primitives and other objects are kept as they are.
 */
export async function readTensors(state: unknown): Promise<unknown> {
  if (state === null || typeof state !== 'object') return state;
  if (ArrayBuffer.isView(state) || state instanceof ArrayBuffer) return state;
  if (isTensorLike(state)) return state.data();
  if (Array.isArray(state)) return Promise.all(state.map((v) => readTensors(v)));
  if (!isPlainObject(state)) return state;
  const entries = await Promise.all(Object.entries(state).map(async ([k, v]) => [k, await readTensors(v)] as const));
  return Object.fromEntries(entries);
}

/**
 * Estimated bytes of a plain state: typed arrays and buffers by byteLength, strings 2 bytes per
 * UTF-16 unit (keys too), numbers 8, booleans 4; nested plain objects and arrays summed.
 */
export function stateBytes(value: unknown): number {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 8;
    case 'boolean':
      return 4;
    case 'string':
      return 2 * value.length;
    case 'object': {
      if (value === null) return 0;
      if (ArrayBuffer.isView(value)) return value.byteLength;
      if (value instanceof ArrayBuffer) return value.byteLength;
      if (Array.isArray(value)) return value.reduce((s: number, v: unknown) => s + stateBytes(v), 0);
      let sum = 0;
      for (const [k, v] of Object.entries(value)) sum += 2 * k.length + stateBytes(v);
      return sum;
    }
    default:
      return 0;
  }
}
