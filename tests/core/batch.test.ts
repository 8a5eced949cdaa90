// Writes that arrive together go together: the batching helper on its own.
import { describe, expect, it } from 'vitest';
import { batched } from '../../server/core/batch.ts';

describe('batched', () => {
  it('hands every input waiting at the time to one call, and each caller its own result', async () => {
    const calls: number[][] = [];
    const double = batched(async (inputs: number[]) => {
      calls.push(inputs);
      return inputs.map((n) => n * 2);
    });
    const results = await Promise.all([1, 2, 3, 4].map(double));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(calls).toEqual([[1, 2, 3, 4]]);
  });

  it('sends what arrives during a batch as the next batch, at most `max` at a time', async () => {
    const calls: number[][] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const echo = batched(
      async (inputs: number[]) => {
        calls.push(inputs);
        if (calls.length === 1) await held;
        return inputs;
      },
      { max: 2 },
    );
    const first = echo(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map(echo);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(calls).toEqual([[1], [2, 3], [4]]);
  });

  it('fails only the caller whose input fails, trying each input of a failed batch alone', async () => {
    const calls: string[][] = [];
    const check = batched(
      async (inputs: string[]) => {
        calls.push(inputs);
        if (inputs.includes('bad')) throw new Error('bad input');
        return inputs.map((s) => s.toUpperCase());
      },
      { retryAlone: (err) => String(err).includes('bad input') },
    );
    const results = await Promise.allSettled(['a', 'bad', 'c'].map(check));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual([
      'A',
      'Error: bad input',
      'C',
    ]);
    expect(calls[0]).toEqual(['a', 'bad', 'c']);
    expect(calls.slice(1).sort()).toEqual([['a'], ['bad'], ['c']]);
    // And it goes on working after a failure.
    expect(await check('d')).toBe('D');
  });
});
