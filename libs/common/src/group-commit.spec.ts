import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('hands items submitted together to one call, and each caller its own result', async () => {
    const calls: number[][] = [];
    const batches = new GroupCommit<number, string>({ waitMs: 5, maxBatch: 100, maxInFlight: 1 }, async (items) => {
      calls.push(items);
      return items.map((i) => `r${i}`);
    });
    const results = await Promise.all([1, 2, 3, 4].map((i) => batches.submit(i)));
    expect(results).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(calls).toEqual([[1, 2, 3, 4]]);
  });

  it('gathers what arrives while every slot is busy and sends it together when one frees', async () => {
    const calls: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const batches = new GroupCommit<number, number>({ waitMs: 1, maxBatch: 100, maxInFlight: 1 }, async (items) => {
      calls.push(items);
      if (calls.length === 1) await first;
      return items;
    });
    const a = batches.submit(1);
    await new Promise((r) => setTimeout(r, 10));
    const later = [2, 3, 4].map((i) => batches.submit(i));
    expect(calls).toEqual([[1]]);
    release();
    expect(await Promise.all([a, ...later])).toEqual([1, 2, 3, 4]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });

  it('retries a failed batch item by item, so one bad item fails alone', async () => {
    const batches = new GroupCommit<number, number>({ waitMs: 5, maxBatch: 100, maxInFlight: 1 }, async (items) => {
      if (items.includes(13)) throw new Error('unlucky');
      return items.map((i) => i * 2);
    });
    const results = await Promise.allSettled([12, 13, 14].map((i) => batches.submit(i)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 24 },
      { status: 'rejected', reason: new Error('unlucky') },
      { status: 'fulfilled', value: 28 },
    ]);
  });

  it('splits at maxBatch, and drain waits for everything submitted', async () => {
    const sizes: number[] = [];
    const batches = new GroupCommit<number, number>({ waitMs: 1000, maxBatch: 3, maxInFlight: 2 }, async (items) => {
      sizes.push(items.length);
      return items;
    });
    const all = Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => batches.submit(i)));
    await batches.drain();
    expect(await all).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(sizes.reduce((a, b) => a + b)).toBe(7);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
  });
});
