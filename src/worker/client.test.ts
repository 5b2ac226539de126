import { describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { WorkerCrashedError, guardedRemote, type WorkerLike } from './client';

/** A worker stand-in: one end of a MessageChannel, with the other end served by Comlink or left silent. */
function fakeWorker(serve?: object): { worker: WorkerLike; crash(message: string): void } {
  const { port1, port2 } = new MessageChannel();
  if (serve) Comlink.expose(serve, port2);
  const events = new EventTarget();
  const listenOnPort = port1.addEventListener.bind(port1);
  const worker = Object.assign(port1, {
    addEventListener: (type: string, listener: EventListenerOrEventListenerObject) =>
      type === 'message' ? listenOnPort('message', listener as never) : events.addEventListener(type, listener),
  }) as unknown as WorkerLike;
  port1.start();
  return {
    worker,
    crash: (message) => events.dispatchEvent(Object.assign(new Event('error'), { message })),
  };
}

describe('guardedRemote', () => {
  it('passes calls through to a live worker', async () => {
    const { worker } = fakeWorker({ add: (a: number, b: number) => a + b });
    const api = guardedRemote<{ add(a: number, b: number): number }>(worker);
    await expect(api.add(2, 3)).resolves.toBe(5);
  });

  it('fails a pending call, and later ones, when the worker dies instead of hanging', async () => {
    const { worker, crash } = fakeWorker(); // never answers
    const api = guardedRemote<{ train(): Promise<void> }>(worker);
    const pending = api.train();
    crash('out of memory');
    await expect(pending).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(pending).rejects.toThrow('The compute worker stopped: out of memory');
    await expect(api.train()).rejects.toThrow(/out of memory/);
  });
});
