// How many writes to live sessions this process has committed: what session-cache.ts checks
// its entries against. Its own module so the queries that write can bump it without
// importing the cache that reads through them.
let epoch = 0;

export const sessionEpoch = (): number => epoch;

/** Runs a write to live sessions; what it changed shows on the next read in this process. */
export async function changingSessions<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } finally {
    epoch++;
  }
}
