/**
 * Small utilities of the transfers: shared limits, sleeping and backoff, which errors are retried, abort
 * helpers, a worker pool and a counting semaphore.
 *
 * @module
 */
import { KohubError, NetworkError, RateLimitError, ServerError } from "../errors.ts";

/** A SHA-256 in hex (an LFS etag). */
export const HEX64 = /^[0-9a-f]{64}$/;
/** A SHA-1 in hex (a git-blob etag). */
export const HEX40 = /^[0-9a-f]{40}$/;
/** A full commit id (SHA-1 or SHA-256). */
export const COMMIT_ID = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;
/** Parallel hashing and transfers when the caller does not say. */
export const DEFAULT_WORKERS = 8;
/** Attempts of one storage transfer (a PUT, a download). */
export const TRANSFER_ATTEMPTS = 5;
/** The first retry delay of storage transfers, unless the client's `retry.baseDelayMs` says otherwise. */
export const RETRY_BASE_MS = 250;
/** The longest retry delay of storage transfers (also the cap of the client's `retry.maxDelayMs`). */
export const RETRY_MAX_MS = 10_000;

/** Waits `ms`; rejects with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((res, rej) => {
    if (signal?.aborted) return rej(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      res();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      rej(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Exponential backoff with jitter: the wait before retry `attempt` (1-based), at most `max`. */
export function backoff(attempt: number, base: number, max: number): number {
  return Math.min(base * 2 ** (attempt - 1) + Math.random() * base, max);
}

/** Network failures, 5xx, 408 and 429 are worth another try for idempotent storage requests. */
export function retryable(err: unknown): boolean {
  if (err instanceof NetworkError || err instanceof ServerError || err instanceof RateLimitError) return true;
  if (err instanceof KohubError) return err.status === 408;
  return false;
}

/** Throws the signal's reason when it has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

/** A signal that aborts with `parent`, and on its own through `abort` (to stop siblings after a failure). */
export interface Stopper {
  signal: AbortSignal;
  abort(reason: unknown): void;
}

/** A {@link Stopper} under `parent`. */
export function childController(parent: AbortSignal | undefined): Stopper {
  const own = new AbortController();
  return {
    signal: parent ? AbortSignal.any([parent, own.signal]) : own.signal,
    abort: (reason) => own.abort(reason),
  };
}

/**
 * The deadlines of many requests on one timer: a controller per request, aborted when its time is up or
 * when the run's `signal` is. (An `AbortSignal.timeout` and an `AbortSignal.any` per small file cost more
 * than its request does.)
 */
export class Deadlines {
  private readonly running = new Map<AbortController, number>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly signal: AbortSignal,
    private readonly everyMs: number,
  ) {
    signal.addEventListener(
      "abort",
      () => {
        for (const c of this.running.keys()) c.abort(signal.reason);
      },
      { once: true },
    );
  }

  /** A controller aborted in `ms`, or with the run; {@link end} it when its request is over. */
  start(ms: number): AbortController {
    const c = new AbortController();
    if (this.signal.aborted) c.abort(this.signal.reason);
    this.running.set(c, Date.now() + ms);
    this.timer ??= setInterval(() => {
      const now = Date.now();
      for (const [late, at] of this.running) {
        if (now < at) continue;
        this.running.delete(late);
        late.abort(Object.assign(new Error("the deadline passed"), { name: "TimeoutError" }));
      }
    }, this.everyMs);
    return c;
  }

  end(c: AbortController): void {
    this.running.delete(c);
    if (this.running.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

/**
 * The first failure of a pool: it aborts the others (through `controller`) and is rethrown by
 * {@link Failure.rethrow} once every started task has settled.
 */
class Failure {
  private first: { err: unknown } | undefined;
  constructor(private readonly controller: Stopper) {}

  get happened(): boolean {
    return this.first !== undefined;
  }

  record(err: unknown): void {
    if (this.first !== undefined) return;
    this.first = { err };
    this.controller.abort(err);
  }

  rethrow(): void {
    if (this.first) throw this.first.err;
  }
}

/**
 * Runs `fn` over `items` with at most `workers` at a time. The first failure aborts the others (through
 * `controller`) and is rethrown once every started task has settled.
 */
export async function runPool<T>(
  items: readonly T[],
  workers: number,
  controller: Stopper,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const failure = new Failure(controller);
  let next = 0;
  const worker = async () => {
    while (!failure.happened && next < items.length) {
      try {
        await fn(items[next++] as T);
      } catch (err) {
        failure.record(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, worker));
  failure.rethrow();
}

/**
 * {@link runPool} over items that arrive over time, a batch at a time (a listing's pages): `workers` tasks
 * take the next item; the next batch is asked for as soon as one arrives, so that it is there when the
 * current one is used up (and a source that fails stops the pool at once, not when its turn comes). The
 * first failure, of `fn` or of the source, aborts the others and is rethrown once every started task has
 * settled.
 */
export async function runPoolOver<T>(
  source: AsyncGenerator<readonly T[]>,
  workers: number,
  controller: Stopper,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const failure = new Failure(controller);
  let batch: readonly T[] = [];
  let at = 0;
  let ended = false;
  let ahead: Promise<IteratorResult<readonly T[]>> = source.next(); // the next batch, asked for
  ahead.catch((err) => failure.record(err));
  let coming: Promise<void> | undefined; // the next batch, being taken in
  const takeNext = () =>
    (coming ??= ahead.then(
      (next) => {
        coming = undefined;
        if (next.done) {
          ended = true;
          return;
        }
        [batch, at] = [next.value, 0];
        ahead = source.next();
        ahead.catch((err) => failure.record(err));
      },
      () => {
        coming = undefined; // recorded above
      },
    ));
  const worker = async () => {
    while (!failure.happened) {
      if (at >= batch.length) {
        if (ended) return;
        await takeNext();
        continue;
      }
      try {
        await fn(batch[at++] as T);
      } catch (err) {
        failure.record(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, worker));
  if (failure.happened) {
    await ahead.catch(() => {}); // a generator cannot be ended while it runs
    await source.return(undefined).catch(() => {});
  }
  failure.rethrow();
}

/** A counting semaphore: `run(fn)` waits for a free slot. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly size: number) {}

  /** Runs `fn` once a slot is free. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** The chunks of a byte stream, as an async generator (the reader's lock is released at the end). */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
