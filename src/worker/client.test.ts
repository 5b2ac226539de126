import { describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { MAX_RESTARTS_WITHOUT_ANSWER, WorkerCrashedError, restartableRemote, type WorkerLike } from './client';

/** A worker stand-in: one end of a MessageChannel, the other end served by Comlink (or left silent). */
interface FakeWorker {
  worker: WorkerLike;
  crash(message: string): void;
  terminated: boolean;
}

function fakeWorker(serve?: object): FakeWorker {
  const { port1, port2 } = new MessageChannel();
  if (serve) Comlink.expose(serve, port2);
  const events = new EventTarget();
  const listenOnPort = port1.addEventListener.bind(port1);
  const fake: FakeWorker = {
    worker: null as unknown as WorkerLike,
    crash: (message) => events.dispatchEvent(Object.assign(new Event('error'), { message })),
    terminated: false,
  };
  fake.worker = Object.assign(port1, {
    addEventListener: (type: string, listener: EventListenerOrEventListenerObject) =>
      type === 'message' ? listenOnPort('message', listener as never) : events.addEventListener(type, listener),
    terminate: () => {
      fake.terminated = true;
      port1.close();
      port2.close();
    },
  }) as unknown as WorkerLike;
  port1.start();
  return fake;
}

interface Api {
  add(a: number, b: number): number;
  train(): Promise<void>;
}

/** Spawns fake workers in turn: the first `silent` of them never answer, the later ones add. */
function spawner(silent: number) {
  const spawned: FakeWorker[] = [];
  const spawn = () => {
    const never = new Promise<void>(() => undefined);
    const f = spawned.length < silent ? fakeWorker() : fakeWorker({ add: (a: number, b: number) => a + b, train: () => never });
    spawned.push(f);
    return f.worker;
  };
  return { spawn, spawned };
}

describe('restartableRemote', () => {
  it('passes calls through to a live worker', async () => {
    const { spawn, spawned } = spawner(0);
    const { client } = restartableRemote<Api>(spawn);
    await expect(client.add(2, 3)).resolves.toBe(5);
    expect(spawned.length).toBe(1);
  });

  it('fails a pending call clearly when the worker dies, restarts it, and the next call works', async () => {
    const { spawn, spawned } = spawner(1); // the first worker never answers
    const lab = restartableRemote<Api>(spawn);
    const reasons: string[] = [];
    lab.onRestart((r) => reasons.push(r));
    const pending = lab.client.train();
    spawned[0]!.crash('out of memory');
    await expect(pending).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(pending).rejects.toThrow('The compute worker stopped while train was running: out of memory; it has been restarted.');
    expect(spawned.length).toBe(2);
    expect(spawned[0]!.terminated).toBe(true);
    expect(reasons).toEqual(['out of memory']);
    await expect(lab.client.add(4, 5)).resolves.toBe(9);
  });

  it('restart() (e.g. terminate from a test hook) fails every pending call and leaves a working worker', async () => {
    const { spawn, spawned } = spawner(0);
    const lab = restartableRemote<Api>(spawn);
    const a = lab.client.train();
    const b = lab.client.train();
    lab.restart('it was terminated');
    await expect(a).rejects.toThrow('The compute worker stopped while train was running: it was terminated; it has been restarted.');
    await expect(b).rejects.toThrow(WorkerCrashedError);
    expect(spawned.map((f) => f.terminated)).toEqual([true, false]);
    await expect(lab.client.add(1, 1)).resolves.toBe(2);
  });

  it('an error from an old, replaced worker does not restart the new one', async () => {
    const { spawn, spawned } = spawner(0);
    const lab = restartableRemote<Api>(spawn);
    lab.restart('first');
    spawned[0]!.crash('late error from the old worker');
    expect(spawned.length).toBe(2);
    await expect(lab.client.add(2, 2)).resolves.toBe(4);
  });

  it(`gives up after ${MAX_RESTARTS_WITHOUT_ANSWER} restarts with no answer in between, and says to reload`, async () => {
    const { spawn, spawned } = spawner(Infinity);
    const lab = restartableRemote<Api>(spawn);
    let restarts = 0;
    lab.onRestart(() => restarts++);
    for (let j = 0; j < MAX_RESTARTS_WITHOUT_ANSWER; j++) spawned[j]!.crash('cannot load');
    expect(spawned.length).toBe(MAX_RESTARTS_WITHOUT_ANSWER + 1);
    const pending = lab.client.train();
    spawned[MAX_RESTARTS_WITHOUT_ANSWER]!.crash('cannot load');
    await expect(pending).rejects.toThrow('The compute worker stopped while train was running: cannot load; it could not be restarted. Reload the page.');
    expect(spawned.length).toBe(MAX_RESTARTS_WITHOUT_ANSWER + 1);
    expect(restarts).toBe(MAX_RESTARTS_WITHOUT_ANSWER);
    await expect(lab.client.add(1, 2)).rejects.toThrow('The compute worker has stopped (cannot load). Reload the page.');
  });

  it('is not a thenable (awaiting the client does not call the worker)', async () => {
    const { spawn } = spawner(0);
    const { client } = restartableRemote<Api>(spawn);
    expect((client as unknown as { then?: unknown }).then).toBeUndefined();
    await expect(Promise.resolve(client)).resolves.toBe(client);
  });
});
