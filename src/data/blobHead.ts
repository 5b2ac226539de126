/** The head of a file, read once per Blob object for the checks that look at it before an import. */

/** Bytes of a file's head kept for those checks. */
export const HEAD_BYTES = 1 << 16;

const heads = new WeakMap<Blob, Promise<Uint8Array>>();

/**
 * The first `n` bytes of `file` (fewer when it is shorter). Up to HEAD_BYTES they come from one read
 * per Blob object, shared by every caller (a Blob never changes); the bytes must not be modified.
 */
export async function blobHead(file: Blob, n: number = HEAD_BYTES): Promise<Uint8Array> {
  if (n > HEAD_BYTES) return new Uint8Array(await file.slice(0, n).arrayBuffer());
  let head = heads.get(file);
  if (!head) {
    head = file
      .slice(0, HEAD_BYTES)
      .arrayBuffer()
      .then((b) => new Uint8Array(b))
      .catch((e: unknown) => {
        heads.delete(file);
        throw e;
      });
    heads.set(file, head);
  }
  const bytes = await head;
  return bytes.subarray(0, Math.min(n, bytes.length));
}
