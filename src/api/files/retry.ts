/**
 * How transfers wait, retry and give up: backoff, which errors are worth another try, abort helpers, and
 * the stall watchdog that cuts a transfer whose bytes stop moving.
 *
 * @module
 */
import { setTimeout as delay } from "node:timers/promises";
import { KohubError, NetworkError, RateLimitError, ServerError } from "../errors.ts";
import type { Env } from "./paths.ts";

/** Attempts of one storage transfer in a row that make no progress (an attempt that moves bytes resets the count). */
export const TRANSFER_ATTEMPTS = 5;
/** The first retry delay of storage transfers, unless the client's `retry.baseDelayMs` says otherwise. */
export const RETRY_BASE_MS = 250;
/** The longest retry delay of storage transfers (also the cap of the client's `retry.maxDelayMs`). */
export const RETRY_MAX_MS = 10_000;
/** Seconds without a byte before a transfer counts as stalled: huggingface_hub's default. */
const DEFAULT_STALL_SECONDS = 10;

/**
 * The stall limit in ms: `HF_HUB_DOWNLOAD_TIMEOUT` (seconds, as huggingface_hub reads it), else 10 s. It
 * bounds the wait for a storage answer's headers and every gap between two chunks, up and down.
 */
export function stallLimitMs(env: Env): number {
  const seconds = Number(env.HF_HUB_DOWNLOAD_TIMEOUT);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_STALL_SECONDS) * 1000;
}

/** Waits `ms`; rejects with the signal's reason when it aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    throw signal?.reason;
  }
}

/** Exponential backoff with jitter: the wait before retry `attempt` (1-based), at most `max`. */
export function backoff(attempt: number, base: number, max: number): number {
  return Math.min(base * 2 ** (attempt - 1) + Math.random() * base, max);
}

/**
 * Network failures, stalls, 5xx, 408 and 429 are worth another try for idempotent storage requests. A hub
 * request that used up its whole deadline (`Timeout`) is not: it would only wait that long again.
 */
export function retryable(err: unknown): boolean {
  if (err instanceof NetworkError) return err.code !== "Timeout";
  if (err instanceof ServerError || err instanceof RateLimitError) return true;
  return err instanceof KohubError && err.status === 408;
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

/** The host (and port) of a URL, for messages that must say which server failed. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the server";
  }
}

/**
 * Cuts one transfer attempt when no byte moved for `limitMs`: its `signal` aborts with a
 * {@link NetworkError} that names the host and what stalled. Call {@link touch} for every chunk and
 * {@link stop} when the attempt is over.
 */
export class Watchdog {
  private last = Date.now();
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setInterval>;
  /** Aborts with the caller's signal too. */
  readonly signal: AbortSignal;

  constructor(parent: AbortSignal, limitMs: number, what: string, url: string) {
    this.signal = AbortSignal.any([parent, this.controller.signal]);
    const stalled = new NetworkError(
      `${what} stalled: ${hostOf(url)} sent or took no data for ${limitMs / 1000} s`,
      { code: "TransferStalled" },
    );
    this.timer = setInterval(
      () => {
        if (Date.now() - this.last > limitMs) this.controller.abort(stalled);
      },
      Math.min(limitMs / 4, 1000),
    );
  }

  /** Bytes moved: the stall clock starts again. */
  touch(): void {
    this.last = Date.now();
  }

  /** Whether this watchdog (not the caller) cut the attempt. */
  get fired(): boolean {
    return this.controller.signal.aborted;
  }

  /** The attempt is over. */
  stop(): void {
    clearInterval(this.timer);
  }
}
