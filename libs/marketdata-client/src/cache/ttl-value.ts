/** How the last finished load of a {@link TtlValue} ended, and when (ms on its clock). */
export type TtlValueAttempt<V> =
  | { readonly ok: true; readonly value: V; readonly atMs: number }
  | { readonly ok: false; readonly error: unknown; readonly atMs: number };

/**
 * One value loaded on demand and kept for `ttlMs` after a successful load. Callers within the TTL
 * get the kept value; callers after it share a single load in flight; a failed load is not kept,
 * so the next caller tries again. The outcome of the last load, good or bad, stays readable without
 * waiting, for status pages.
 */
export class TtlValue<V> {
  private last?: TtlValueAttempt<V>;
  private inFlight?: Promise<V>;

  constructor(
    private readonly load: () => Promise<V>,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** Returns the kept value while fresh, else the result of the load in flight, starting one if none is. */
  get(): Promise<V> {
    const fresh = this.fresh();
    if (fresh !== undefined) return Promise.resolve(fresh);
    return this.inFlight ?? this.start();
  }

  /** Returns the kept value while fresh, without loading. */
  fresh(): V | undefined {
    const last = this.last;
    return last?.ok && this.now() - last.atMs < this.ttlMs ? last.value : undefined;
  }

  /**
   * Returns the last finished load without waiting and, when there is none or it is older than the
   * TTL — failed loads included, so that a source that is down is asked once per TTL here — starts
   * one in the background for the next reader.
   */
  peek(): TtlValueAttempt<V> | undefined {
    const last = this.last;
    if (!this.inFlight && (last === undefined || this.now() - last.atMs >= this.ttlMs)) this.start().catch(() => undefined);
    return last;
  }

  private start(): Promise<V> {
    // Deferring the load by a microtask means even a load that throws at once settles after
    // inFlight is set, so the `finally` below always clears it.
    const attempt = Promise.resolve()
      .then(() => this.load())
      .then(
        (value) => {
          this.last = { ok: true, value, atMs: this.now() };
          return value;
        },
        (error: unknown) => {
          this.last = { ok: false, error, atMs: this.now() };
          throw error;
        },
      )
      .finally(() => {
        this.inFlight = undefined;
      });
    this.inFlight = attempt;
    return attempt;
  }
}
