/** Polls until check() returns a truthy value, or fails with what it last saw. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, opts: { timeoutMs?: number; what: string }): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${opts.what}; last saw ${String(last)}`);
}
