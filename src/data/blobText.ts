/** A Blob's bytes as text, piece by piece, for the streaming reader (./streamRows). */
import type { TextEncodingName } from './detect';

/**
 * A Blob's text, piece by piece as its byte stream delivers it: counts the bytes, drops a UTF-8
 * byte-order mark at the very start, and decodes with TextDecoder(encoding, { fatal: true }) (which
 * also drops a byte-order mark of its encoding), without a stream stage per step.
 */
export class BlobText {
  /** Bytes read so far. */
  bytes = 0;
  private first = true;
  private ended = false;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder: TextDecoder;

  constructor(file: Blob, encoding: TextEncodingName) {
    this.reader = file.stream().getReader();
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

  /** The next piece of text (perhaps ''), or null at the end. Throws TypeError for bytes the encoding does not allow. */
  async read(): Promise<string | null> {
    if (this.ended) return null;
    const r = await this.reader.read();
    if (r.done) {
      this.ended = true;
      const tail = this.decoder.decode();
      return tail === '' ? null : tail;
    }
    let chunk = r.value;
    this.bytes += chunk.byteLength;
    if (this.first && chunk.byteLength > 0) {
      this.first = false;
      if (chunk.byteLength >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    return this.decoder.decode(chunk, { stream: true });
  }

  /** Stops reading (when the text is not read to its end) and lets go of the stream. */
  async close(): Promise<void> {
    if (!this.ended) await this.reader.cancel().catch(() => undefined);
    this.reader.releaseLock();
  }
}
