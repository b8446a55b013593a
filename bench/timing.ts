// Timing with a baseline on a noisy machine: cases run in interleaved rounds, each round bounded by time and count.
// No server imports, so the HTTP load generator can use it too.

/** `concurrency` overrides the option for this case (to compare 1 client with 8 in the same rounds). */
export type Case = { label: string; run: () => Promise<unknown>; concurrency?: number };

export type MeasureOptions = {
  /** Clients running the case at once (1 = one operation after another). */
  concurrency: number;
  /** Each case runs once per round; the order rotates, so drift on a noisy machine hits every case alike. */
  rounds: number;
  roundMs: number;
  /** Upper bound on operations per case per round, whatever the time. */
  maxOpsPerRound: number;
  warmupOps: number;
};

export type Measured = { label: string; ops: number; elapsedMs: number; latencies: number[] };

/** Times the cases in interleaved rounds; throughput is operations ÷ wall time the case ran. */
export async function measure(cases: Case[], opts: MeasureOptions): Promise<Measured[]> {
  const results = cases.map((c) => ({ label: c.label, ops: 0, elapsedMs: 0, latencies: [] as number[] }));
  // Warm-up: up to warmupOps operations per case, but no longer than one round (a 300 ms query warms up in 1).
  for (const c of cases) {
    const concurrency = c.concurrency ?? opts.concurrency;
    const deadline = performance.now() + opts.roundMs;
    let done = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (done < opts.warmupOps && (done === 0 || performance.now() < deadline)) {
          done++;
          await c.run();
        }
      }),
    );
  }
  for (let round = 0; round < opts.rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (k + round) % cases.length;
      const c = cases[index];
      const r = results[index];
      const started = performance.now();
      const deadline = started + opts.roundMs;
      let issued = 0;
      await Promise.all(
        Array.from({ length: c.concurrency ?? opts.concurrency }, async () => {
          while (issued < opts.maxOpsPerRound && performance.now() < deadline) {
            issued++;
            const t0 = performance.now();
            await c.run();
            r.latencies.push(performance.now() - t0);
          }
        }),
      );
      r.elapsedMs += performance.now() - started;
      r.ops += issued;
    }
  }
  return results;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))];
}
