/**
 * Concurrency of transfers: a worker pool over a list or a stream of items that stops at the first
 * failure, a counting semaphore, and an in-order map that keeps a few reads ahead.
 *
 * @module
 */
import type { Stopper } from "./retry.ts";

/** Parallel hashing and transfers when the caller does not say. */
export const DEFAULT_WORKERS = 8;

/**
 * Runs `fn` over `items` (a list, or a stream of them such as a listing read page by page) with at most
 * `workers` at a time. The first failure, of `fn` or of the stream, aborts the others through `stopper`
 * and is rethrown once every started task has settled: the pool always ends.
 */
export async function runPool<T>(
  items: Iterable<T> | AsyncIterable<T>,
  workers: number,
  stopper: Stopper,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const source: AsyncIterator<T> | Iterator<T> =
    Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let failure: { err: unknown } | undefined;
  const fail = (err: unknown) => {
    if (failure) return;
    failure = { err };
    stopper.abort(err);
  };
  const worker = async () => {
    while (!failure) {
      let next: IteratorResult<T>;
      try {
        next = await source.next(); // an async generator queues concurrent calls
      } catch (err) {
        return fail(err);
      }
      if (next.done) return;
      try {
        await fn(next.value);
      } catch (err) {
        fail(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, worker));
  if (failure) {
    await source.return?.();
    throw failure.err;
  }
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

/**
 * `fn` over `items`, yielded in order, with up to `ahead` calls under way: reads overlap while the results
 * are used one at a time. A failure is thrown when its turn comes; calls under way then finish unseen.
 */
export async function* mapAhead<T, R>(
  items: readonly T[],
  ahead: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const started: Array<Promise<R>> = [];
  const start = (i: number) => {
    const p = fn(items[i] as T);
    p.catch(() => {}); // seen when its turn comes
    started.push(p);
  };
  for (let i = 0; i < Math.min(ahead, items.length); i++) start(i);
  for (let i = 0; i < items.length; i++) {
    if (i + ahead < items.length) start(i + ahead);
    yield await (started[i] as Promise<R>);
    started[i] = undefined as never; // let the result go
  }
}
