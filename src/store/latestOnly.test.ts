import { describe, expect, it } from 'vitest';
import { latestOnly } from './latestOnly';

describe('latestOnly', () => {
  it('runs one request at a time and, of those made meanwhile, only the newest', async () => {
    const started: number[] = [];
    const release: (() => void)[] = [];
    const q = latestOnly<number>((n) => {
      started.push(n);
      return new Promise<void>((r) => release.push(r));
    });
    q.submit(1);
    q.submit(2);
    q.submit(3);
    q.submit(4);
    expect(started).toEqual([1]);
    release.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([1, 4]);
    release.shift()!();
    await q.idle();
    expect(started).toEqual([1, 4]);
  });

  it('goes on after a request fails', async () => {
    const done: number[] = [];
    const q = latestOnly<number>(async (n) => {
      if (n === 1) throw new Error('no');
      done.push(n);
    });
    q.submit(1);
    q.submit(2);
    await q.idle();
    expect(done).toEqual([2]);
  });
});
