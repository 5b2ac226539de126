import { describe, expect, it } from 'vitest';
import { createSerialQueue } from './queue';
import { throttle } from './throttle';
import { createJobs } from './jobs';

describe('createSerialQueue', () => {
  it('runs async tasks one at a time, in order, and survives a failing task', async () => {
    const q = createSerialQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name} end`);
      return name;
    };
    const a = q.run(task('a', 20));
    const b = q.run(async () => {
      throw new Error('b failed');
    });
    const c = q.run(task('c', 1));
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b failed');
    await expect(c).resolves.toBe('c');
    expect(log).toEqual(['a start', 'a end', 'c start', 'c end']);
  });
});

describe('throttle', () => {
  it('passes the first call, holds later ones within the interval, and flushes the latest', () => {
    let t = 0;
    const seen: number[] = [];
    const f = throttle((v: number) => seen.push(v), 100, () => t);
    f(1); // t=0: delivered
    t = 50;
    f(2); // held
    f(3); // replaces 2
    expect(seen).toEqual([1]);
    t = 120;
    f(4); // 120 − 0 ≥ 100: delivered
    t = 130;
    f(5);
    f.flush(); // delivers 5
    f.flush(); // nothing pending
    expect(seen).toEqual([1, 4, 5]);
  });
});

describe('createJobs', () => {
  it('aborts the named job only', () => {
    const jobs = createJobs();
    const a = jobs.start('a');
    const b = jobs.start('b');
    expect(jobs.cancel('a')).toBe(true);
    expect(a.signal.aborted).toBe(true);
    expect(b.signal.aborted).toBe(false);
    b.finish();
    expect(jobs.cancel('b')).toBe(false);
  });
});
