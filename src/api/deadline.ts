/**
 * The deadline of one request of the HTTP client (./http.ts): the time it may wait for the server, over
 * all of its attempts and its whole answer (ofetch's own `timeout` covers neither).
 *
 * @module
 */
import { TimeoutError } from "./errors.ts";

const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * The time a request may wait for the server. The clock runs while headers or a piece of the body are
 * awaited, and stops while the caller holds an answer without reading it (a listing asks for its next
 * page early and reads it only once the current one is used). When time is up, `signal` aborts with a
 * {@link TimeoutError} that says what was awaited, which the pending fetch or body read then throws.
 */
export class Deadline {
  readonly signal: AbortSignal | undefined;
  private readonly controller = new AbortController();
  private left: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private since = 0;
  private headers = false;

  constructor(
    private readonly limitMs: number,
    callerSignal: AbortSignal | undefined,
    private readonly url: string,
    private readonly method: string,
  ) {
    this.left = limitMs;
    if (limitMs <= 0) {
      this.signal = callerSignal;
      return;
    }
    this.signal = callerSignal
      ? AbortSignal.any([callerSignal, this.controller.signal])
      : this.controller.signal;
    this.run();
  }

  /** An attempt starts: a timeout now means no answer. */
  waitingForHeaders(): void {
    this.headers = false;
  }

  /** Status and headers came: a timeout now means a stalled body. */
  headersCame(): void {
    this.headers = true;
  }

  /** Whether `ms` of waiting still leaves time for an attempt. */
  allows(ms: number): boolean {
    if (this.limitMs <= 0) return true;
    return ms < this.left - (performance.now() - this.since);
  }

  /** The answer goes to the caller: the clock stops, and runs again for each read of its body. */
  handOver(response: Response): Response {
    this.pause();
    if (this.limitMs <= 0) return response;
    if (!response.body || NULL_BODY.has(response.status) || this.method === "HEAD") {
      this.stop();
      return response;
    }
    return timedBody(response, this);
  }

  /** The clock runs (again) with the time left. */
  run(): void {
    if (this.limitMs <= 0 || this.controller.signal.aborted) return;
    this.since = performance.now();
    this.timer = setTimeout(() => this.controller.abort(this.expired()), Math.max(this.left, 0));
  }

  /** The clock stops, keeping the time left. */
  pause(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.left -= performance.now() - this.since;
  }

  /** The request is over. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private expired(): TimeoutError {
    const { origin, pathname } = new URL(this.url);
    const request = `${this.method} ${pathname}`;
    const limit = `${this.limitMs / 1000} s`;
    const message = this.headers
      ? `Timed out after ${limit} waiting for the rest of the answer to ${request} from ${origin} (its status and headers came, then it stalled)`
      : `Timed out after ${limit} waiting for ${origin} to answer ${request}`;
    return new TimeoutError(message, { code: "Timeout", url: this.url, method: this.method });
  }
}

/**
 * A response whose body is read through the deadline: the clock runs during each read. A new Response,
 * since a fetched one's body cannot be replaced; its `url` and `redirected` are kept.
 */
function timedBody(response: Response, deadline: Deadline): Response {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        deadline.run();
        try {
          const { done, value } = await reader.read();
          deadline.pause();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (err) {
          deadline.stop();
          controller.error(err);
        }
      },
      cancel(reason) {
        deadline.stop();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  const { status, statusText, headers } = response;
  const timed = new Response(body, { status, statusText, headers });
  Object.defineProperty(timed, "url", { value: response.url });
  Object.defineProperty(timed, "redirected", { value: response.redirected });
  return timed;
}
