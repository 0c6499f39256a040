/**
 * Collects single-key calls into one query: while a batch is running, new keys wait for the next
 * one, so batches grow exactly when the database is the bottleneck (and stay size 1 when idle).
 */
export function createBatcher<K, V>(run: (keys: K[]) => Promise<Map<K, V>>, maxSize = 500): (key: K) => Promise<V | undefined> {
  let waiting: { key: K; resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[] = [];
  let running = false;
  const flush = async () => {
    if (running || waiting.length === 0) return;
    running = true;
    const batch = waiting.slice(0, maxSize);
    waiting = waiting.slice(batch.length);
    try {
      const out = await run([...new Set(batch.map((b) => b.key))]);
      // The same key twice in one batch: only the first caller gets the value (a claim is taken once).
      const given = new Set<K>();
      for (const b of batch) {
        b.resolve(given.has(b.key) ? undefined : out.get(b.key));
        given.add(b.key);
      }
    } catch (e) {
      for (const b of batch) b.reject(e);
    } finally {
      running = false;
      if (waiting.length) setImmediate(() => void flush());
    }
  };
  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      waiting.push({ key, resolve, reject });
      setImmediate(() => void flush());
    });
}
